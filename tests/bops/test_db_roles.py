"""The application's database role owns nothing: it reads and writes rows,
only adds to the history tables, and cannot TRUNCATE, ALTER, drop triggers
or switch them off with session_replication_role. `manage.py db_roles`
(scripts/db-roles) sets this up; here it is run on the test database and
the refusals are tried over a real connection as the application role."""

from __future__ import annotations

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from tests.privacy.test_forgetting import dps, intake, person, private_files  # noqa: F401
from tests.privacy.test_plan_privacy import plan  # noqa: F401

# django_db: so pytest-django sets up the test database these tests connect to.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

HISTORY = ["bops_accesslog", "referrals_referralevent", "referrals_recommendationevent"]
APP_PASSWORD = "app-role-test-only"


@pytest.fixture(scope="module")
def app_dsn(django_db_setup, django_db_blocker):
    """Roles named after the test database, so parallel test databases on
    one server do not share them."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("database roles are for PostgreSQL")
        name = connection.settings_dict["NAME"]
        owner, app = f"{name}_owner", f"{name}_app"
        import os

        os.environ["BOPS_DB_APP_PASSWORD"] = APP_PASSWORD
        try:
            call_command("db_roles", owner=owner, app=app, verbosity=0)
            # Twice: the command is idempotent.
            call_command("db_roles", owner=owner, app=app, verbosity=0)
        finally:
            del os.environ["BOPS_DB_APP_PASSWORD"]
        settings = connection.settings_dict
        yield {
            "dbname": name,
            "user": app,
            "password": APP_PASSWORD,
            "host": settings["HOST"] or "127.0.0.1",
            "port": settings["PORT"] or 5432,
            "owner": owner,
        }


@pytest.fixture
def app_cursor(app_dsn):
    dsn = {k: v for k, v in app_dsn.items() if k != "owner"}
    conn = psycopg2.connect(**dsn)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            yield cursor
    finally:
        conn.close()


def refused(cursor, statement: str) -> str:
    """Run `statement` as the application role; return the error it gets."""
    with pytest.raises(psycopg2.Error) as error:
        cursor.execute(statement)
    return str(error.value).lower()


@pytest.mark.parametrize("table", HISTORY)
def test_the_app_role_cannot_truncate_the_history(app_cursor, table):
    assert "permission denied" in refused(app_cursor, f"TRUNCATE {table} CASCADE")


def test_the_app_role_cannot_switch_triggers_off_for_its_session(app_cursor):
    message = refused(app_cursor, "SET session_replication_role = replica")
    assert "permission denied" in message


@pytest.mark.parametrize("table", HISTORY)
def test_the_app_role_cannot_disable_or_drop_the_append_only_trigger(app_cursor, table):
    assert "must be owner" in refused(app_cursor, f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    assert "must be owner" in refused(app_cursor, f"DROP TRIGGER {table}_append_only ON {table}")


@pytest.mark.parametrize("table", HISTORY)
def test_the_app_role_may_only_read_and_add_to_the_history(app_cursor, table):
    app_cursor.execute(f"SELECT count(*) FROM {table}")
    assert "permission denied" in refused(app_cursor, f"UPDATE {table} SET id = id")
    assert "permission denied" in refused(app_cursor, f"DELETE FROM {table}")
    app_cursor.execute(
        "SELECT privilege_type FROM information_schema.role_table_grants "
        "WHERE grantee = current_user AND table_name = %s ORDER BY 1",
        [table],
    )
    assert [row[0] for row in app_cursor.fetchall()] == ["INSERT", "SELECT"]


def test_the_app_role_owns_nothing_and_creates_no_tables(app_cursor):
    app_cursor.execute(
        "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles "
        "WHERE rolname = current_user)"
    )
    assert app_cursor.fetchone()[0] == 0
    assert "permission denied" in refused(app_cursor, "CREATE TABLE sneaky (id int)")
    assert "must be owner" in refused(app_cursor, "ALTER TABLE auth_user ADD COLUMN x int")
    assert "must be owner" in refused(app_cursor, "DROP TABLE django_session")
    app_cursor.execute(
        "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user"
    )
    assert app_cursor.fetchone() == (False, False, False)


def test_the_app_role_reads_writes_and_deletes_ordinary_rows(app_cursor):
    app_cursor.execute(
        "INSERT INTO django_session (session_key, session_data, expire_date) "
        "VALUES ('rolecheck', 'x', now())"
    )
    app_cursor.execute(
        "UPDATE django_session SET session_data = 'y' WHERE session_key = 'rolecheck'"
    )
    app_cursor.execute("DELETE FROM django_session WHERE session_key = 'rolecheck'")
    assert app_cursor.rowcount == 1
    app_cursor.execute("SELECT count(*) FROM knox_authtoken")


def test_the_owner_role_owns_the_tables(app_dsn, app_cursor):
    app_cursor.execute(
        "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND relkind IN ('r', 'S', 'v')"
    )
    assert [row[0] for row in app_cursor.fetchall()] == [app_dsn["owner"]]


def test_the_app_role_redacts_history_only_through_the_owners_function(app_dsn, app_cursor):
    """Setting the flag itself gives the application role nothing: it has no
    UPDATE on the history. The SECURITY DEFINER function is its only way."""
    app_cursor.execute("SELECT set_config('bops.redact_referral_history', 'on', false)")
    message = refused(app_cursor, "UPDATE referrals_referralevent SET note = '[anonymisert]'")
    assert "permission denied" in message
    app_cursor.execute("SELECT referrals_redact_history(0, NULL)")
    assert app_cursor.fetchone()[0] == 0
    app_cursor.execute(
        "SELECT pg_get_userbyid(proowner), prosecdef FROM pg_proc "
        "WHERE proname = 'referrals_redact_history'"
    )
    assert app_cursor.fetchone() == (app_dsn["owner"], True)


@pytest.mark.usefixtures("plan")
def test_anonymising_works_as_the_app_role(app_dsn, coordinator, home_service, request):
    """The whole anonymisation, run as the application role: the history is
    redacted through the owner's functions although the role may not UPDATE it."""
    from psycopg2 import sql as pgsql

    from privacy.anonymise import anonymise
    from referrals.models import ReferralEvent
    from tests.privacy.test_forgetting import history_of

    who, unit, clinician = (request.getfixturevalue(n) for n in ("person", "dps", "intake"))
    referral = history_of(who, coordinator, home_service, unit, clinician)
    with connection.cursor() as cursor:
        cursor.execute(pgsql.SQL("SET LOCAL ROLE {}").format(pgsql.Identifier(app_dsn["user"])))
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == app_dsn["user"]
        anonymise(who)
        cursor.execute("RESET ROLE")
    assert ReferralEvent.objects.filter(referral=referral, kind="redaction").exists()
    assert set(referral.events.exclude(note="").values_list("note", flat=True)) == {"[anonymisert]"}
