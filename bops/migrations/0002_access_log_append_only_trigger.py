"""On PostgreSQL, refuse UPDATE and DELETE on the access log in the database
itself, so neither a bulk query nor a shell session can rewrite history.
(SQLite, used only for the quick start, relies on the model's refusal.)

TRUNCATE is left to privileges, not a trigger: Django's test flush truncates
every table, and the application's database role should not own the table in
production anyway (see docs/security.md)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION bops_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'bops_accesslog is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER bops_accesslog_append_only
    BEFORE UPDATE OR DELETE ON bops_accesslog
    FOR EACH ROW EXECUTE FUNCTION bops_accesslog_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS bops_accesslog_append_only ON bops_accesslog;
DROP FUNCTION IF EXISTS bops_accesslog_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("bops", "0001_access_log")]

    operations = [migrations.RunPython(create, drop)]
