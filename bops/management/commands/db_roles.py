"""Create or update BOPS's two PostgreSQL roles and their grants.

- the **owner** role owns the database, the schema and every table,
  sequence and function in it; migrations run as this role;
- the **application** role owns nothing. It may SELECT, INSERT, UPDATE and
  DELETE rows, except on the append-only history tables (those with an
  ``*_append_only`` trigger: the access log, the referral events), where it
  may only SELECT and INSERT, and EXECUTE the SECURITY DEFINER functions
  that redact a person's history on anonymisation (the only way that history
  changes). It can never TRUNCATE, ALTER, DROP, create
  tables, disable triggers or set ``session_replication_role`` (that needs
  a superuser or the owner).

Run it as a superuser (or a role with CREATEROLE that owns the database)
after every `migrate`; it is idempotent. Default privileges make tables the
owner creates later readable and writable by the application role at once;
running the command again re-applies the append-only limits to them.

    python manage.py db_roles --owner bops_owner --app bops_app

Passwords come from BOPS_DB_OWNER_PASSWORD and BOPS_DB_APP_PASSWORD when
set (the roles are created without one otherwise, for peer/trust setups).
"""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from psycopg2 import sql

RELATION_KINDS = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW"}


def append_only_tables(cursor, schema: str = "public") -> list[str]:
    """Tables guarded by an append-only trigger (see the migrations that
    create them): the application role may only read and add rows."""
    cursor.execute(
        """
        SELECT DISTINCT c.relname FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %s AND t.tgname LIKE %s AND NOT t.tgisinternal
        ORDER BY 1
        """,
        [schema, "%append_only"],
    )
    return [row[0] for row in cursor.fetchall()]


def ensure_role(cursor, name: str, password: str | None, inherit: bool) -> None:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    verb = "ALTER" if cursor.fetchone() else "CREATE"
    attributes = sql.SQL(
        "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
        + ("INHERIT" if inherit else "NOINHERIT")
    )
    cursor.execute(
        sql.SQL("{} ROLE {} WITH {}").format(sql.SQL(verb), sql.Identifier(name), attributes)
    )
    if password:
        cursor.execute(
            sql.SQL("ALTER ROLE {} WITH PASSWORD {}").format(
                sql.Identifier(name), sql.Literal(password)
            )
        )


def give_everything_to(cursor, owner: str, schema: str) -> None:
    """The owner role owns every relation and function in the schema.
    Sequences belonging to a column move with their table."""
    cursor.execute(
        """
        SELECT c.relname, c.relkind FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND pg_get_userbyid(c.relowner) <> %s
          AND NOT (c.relkind = 'S' AND EXISTS (
              SELECT 1 FROM pg_depend d
              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                AND d.deptype IN ('a', 'i')))
        ORDER BY c.relkind DESC
        """,
        [schema, owner],
    )
    for name, kind in cursor.fetchall():
        keyword = "SEQUENCE" if kind == "S" else RELATION_KINDS[kind]
        cursor.execute(
            sql.SQL("ALTER {} {}.{} OWNER TO {}").format(
                sql.SQL(keyword),
                sql.Identifier(schema),
                sql.Identifier(name),
                sql.Identifier(owner),
            )
        )
    cursor.execute(
        """
        SELECT p.oid::regprocedure::text FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = %s AND pg_get_userbyid(p.proowner) <> %s
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.objid = p.oid AND d.deptype = 'e')
        """,
        [schema, owner],
    )
    for (signature,) in cursor.fetchall():
        cursor.execute(
            sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(
                sql.SQL(signature), sql.Identifier(owner)
            )
        )


class Command(BaseCommand):
    help = "Create or update the owner and application database roles and their grants."

    def add_arguments(self, parser):
        parser.add_argument("--owner", default="bops_owner", help="the role that owns the schema")
        parser.add_argument("--app", default="bops_app", help="the role the application uses")
        parser.add_argument("--schema", default="public")
        parser.add_argument("--database", default="default", help="Django database alias")

    def handle(self, *args, owner, app, schema, database, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are for PostgreSQL.")
        if owner == app:
            raise CommandError("The owner and the application role must differ.")
        dbname = connection.settings_dict["NAME"]
        ident = sql.Identifier
        with connection.cursor() as cursor:
            ensure_role(cursor, owner, os.environ.get("BOPS_DB_OWNER_PASSWORD"), inherit=True)
            ensure_role(cursor, app, os.environ.get("BOPS_DB_APP_PASSWORD"), inherit=False)
            statements = [
                sql.SQL("ALTER DATABASE {} OWNER TO {}").format(ident(dbname), ident(owner)),
                sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(ident(schema), ident(owner)),
                sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC").format(ident(schema)),
                sql.SQL("REVOKE ALL ON DATABASE {} FROM {}").format(ident(dbname), ident(app)),
                sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
                    ident(dbname), ident(app)
                ),
                sql.SQL("REVOKE ALL ON SCHEMA {} FROM {}").format(ident(schema), ident(app)),
                sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(ident(schema), ident(app)),
            ]
            for statement in statements:
                cursor.execute(statement)
            give_everything_to(cursor, owner, schema)
            grants = [
                "REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app}",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
                "REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app}",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
                "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
                "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
                "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
                "GRANT USAGE, SELECT ON SEQUENCES TO {app}",
            ]
            names = {"schema": ident(schema), "app": ident(app), "owner": ident(owner)}
            for grant in grants:
                cursor.execute(sql.SQL(grant).format(**names))
            # The controlled redactions (SECURITY DEFINER functions, run with
            # the owner's rights): the application role may call them, nobody
            # else by default.
            cursor.execute(
                """
                SELECT p.oid::regprocedure::text FROM pg_proc p
                JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = %s AND p.prosecdef ORDER BY 1
                """,
                [schema],
            )
            definers = [row[0] for row in cursor.fetchall()]
            for signature in definers:
                cursor.execute(
                    sql.SQL("REVOKE ALL ON FUNCTION {} FROM PUBLIC").format(sql.SQL(signature))
                )
                cursor.execute(
                    sql.SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(
                        sql.SQL(signature), ident(app)
                    )
                )
            history = append_only_tables(cursor, schema)
            for table in history:
                cursor.execute(
                    sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {}.{} FROM {}").format(
                        ident(schema), ident(table), ident(app)
                    )
                )
        self.stdout.write(
            f"{owner} owns {dbname}.{schema}; {app} reads and writes rows, "
            f"append-only: {', '.join(history) or 'none'}; "
            f"may run: {', '.join(definers) or 'none'}."
        )
