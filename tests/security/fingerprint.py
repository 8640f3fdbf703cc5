"""The database fingerprint of tests/security/test_write_routes.py: did a
request change any table (but those written by reading or signing in)?

`Fingerprint()` takes an md5 of every table's rows once, at the start. A
check after a request then looks only at the tables this transaction has
inserted into, updated or deleted from since a mark (PostgreSQL's
pg_stat_xact_user_tables: counters of the current transaction, its savepoints
included, that only go up, even when a savepoint is rolled back), and
compares their md5 with the start. A table no statement wrote cannot have
changed, so this says the same as hashing every table after every request,
at the cost of one cheap query when nothing was written. The requests of the
test client run on this same connection and transaction.
"""

from __future__ import annotations

from django.db import connection

# Written by reading or signing in, never by a write on a record.
NOT_FINGERPRINTED = (
    "django_session",
    "bops_accesslog",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "referrals_dashboardvisit",
    "auth_user",  # last_login moves when a persona signs in
)

Writes = dict[str, tuple[int, int, int]]


def _md5(tables: list[str]) -> dict[str, str]:
    """Every row of each table, hashed, in one statement."""
    sql = " UNION ALL ".join(
        f"SELECT '{t}', md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM \"{t}\" x"
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def writes() -> Writes:
    """Rows inserted, updated and deleted per table by this transaction so far."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables "
            "WHERE schemaname = 'public' AND NOT (relname = ANY(%s))",
            [list(NOT_FINGERPRINTED)],
        )
        return {name: tuple(counts) for name, *counts in cursor.fetchall()}


class Fingerprint:
    def __init__(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND NOT (tablename = ANY(%s)) ORDER BY tablename",
                [list(NOT_FINGERPRINTED)],
            )
            self.tables = [row[0] for row in cursor.fetchall()]
        self.start = _md5(self.tables)

    def changed(self, since: Writes) -> list[str]:
        """The tables whose rows differ from the start, looking at those
        written since the mark `since` (from `writes()`)."""
        now = writes()
        written = [t for t in self.tables if now.get(t, (0, 0, 0)) != since.get(t, (0, 0, 0))]
        if not written:
            return []
        hashes = _md5(written)
        return sorted(t for t in written if hashes[t] != self.start[t])
