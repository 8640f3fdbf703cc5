"""Fill a PostgreSQL database with synthetic data at regional or national scale.

    python manage.py generate_scale_data --scale regional|national [--replace]

Safety rules (the command writes tens of thousands of people):
- PostgreSQL only: the generator uses COPY, and the invariants (no two
  stays in one place at once) are exclusion constraints that only
  PostgreSQL enforces.
- It never runs where a single service user has an identity number that is
  not synthetic (month + 80): that is a database with real people in it.
  No flag overrides this.
- It runs on an empty database (no municipalities, organisations, service
  users, referrals or residences; users such as an administrator may exist).
  `--replace` empties the domain tables first (and the `scale-` users, and
  the files of the documents) — allowed only because the check above found
  nothing but synthetic people.
"""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from capacity.models import Residence
from documents.models import Document
from documents.storage import documents_storage
from municipalities.models import Municipality, Organisation, ServiceUser
from referrals.models import Referral
from scale.copying import drop_foreign_keys, reset_sequences, restore_foreign_keys
from scale.generate import TABLES, USER_PREFIX, Generator
from scale.plan import SCALES

DOMAIN_MODELS = (Municipality, Organisation, ServiceUser, Referral, Residence)
# A synthetic number has the month + 80 (81–92) in digits 3–4.
SYNTHETIC_PATTERN = r"^[0-9]{2}(8[1-9]|9[0-2])"


class Command(BaseCommand):
    help = (
        "Fill PostgreSQL with synthetic data at regional or national scale (COPY, one transaction)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="regional")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Empty the domain tables first (only when every service user is synthetic).",
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale: str, replace: bool, seed: int, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "generate_scale_data needs PostgreSQL (it uses COPY and the database's "
                "exclusion constraints); set DATABASE_URL=postgres://... and run migrate first."
            )
        real = ServiceUser.objects.exclude(national_id__regex=SYNTHETIC_PATTERN).count()
        if real:
            raise CommandError(
                f"Refusing to run: this database holds {real} service user(s) with an identity "
                "number that is not synthetic. Use an empty database of your own."
            )
        holding = [m._meta.verbose_name_plural for m in DOMAIN_MODELS if m.objects.exists()]
        if holding and not replace:
            raise CommandError(
                f"Refusing to run: the database already holds {', '.join(map(str, holding))}. "
                "Use an empty database, or --replace to empty the (synthetic) domain tables first."
            )
        plan = SCALES[scale]
        started = time.monotonic()
        with transaction.atomic():
            cursor = connection.cursor().cursor  # psycopg2's own cursor: copy_expert
            if holding:
                self._empty(cursor)
            keys = drop_foreign_keys(cursor, TABLES)
            counts = Generator(plan, cursor, seed=seed, stdout=self.stdout).run()
            self.stdout.write("Foreign keys: checking every row ...")
            restore_foreign_keys(cursor, keys)
            reset_sequences(cursor, TABLES)
        # VACUUM sets the visibility map, which index-only scans need; it cannot
        # run inside a transaction (as in the test suite), ANALYZE can.
        analyse = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        self.stdout.write(f"{analyse} (fresh statistics for the planner) ...")
        with connection.cursor() as plain:
            for table in TABLES:
                plain.execute(f"{analyse} {table}")
        elapsed = time.monotonic() - started
        short = [table.split("_", 1)[1] for table in counts]
        summary = ", ".join(
            f"{n:,} {name if short.count(name) == 1 else table}"
            for (table, n), name in zip(counts.items(), short, strict=True)
        )
        self.stdout.write(
            self.style.SUCCESS(f"Scale {scale!r} generated in {elapsed:.0f} s: {summary}.")
        )

    def _empty(self, cursor) -> None:
        self.stdout.write("Emptying the synthetic domain tables ...")
        # The documents' files go with their rows, once the emptying is committed.
        names = list(Document.objects.exclude(stored_name="").values_list("stored_name", flat=True))
        transaction.on_commit(lambda: _remove_files(names))
        domain = [t for t in TABLES if t != "auth_user"]
        # Deferred foreign-key checks still pending in this transaction would
        # block TRUNCATE; run them now, and defer again for the bulk load.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(domain)} CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        get_user_model().objects.filter(username__startswith=USER_PREFIX).delete()


def _remove_files(names: list[str]) -> None:
    storage = documents_storage()
    for name in names:
        storage.delete(name)
