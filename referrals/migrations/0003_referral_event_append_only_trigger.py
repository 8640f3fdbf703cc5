"""On PostgreSQL, refuse UPDATE and DELETE on the referral event table.

The model refuses them too, but only the database stops a raw query, a
queryset .update() or a tool that bypasses Django. SQLite (development) has
only the model-level guard. TRUNCATE (used to empty test databases) is not
affected.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION referrals_referralevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'referral events are append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER referrals_referralevent_append_only
    BEFORE UPDATE OR DELETE ON referrals_referralevent
    FOR EACH ROW EXECUTE FUNCTION referrals_referralevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS referrals_referralevent_append_only ON referrals_referralevent;
DROP FUNCTION IF EXISTS referrals_referralevent_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0002_open_referral_guard_and_clock"),
    ]

    operations = [
        migrations.RunPython(create_trigger, drop_trigger),
    ]
