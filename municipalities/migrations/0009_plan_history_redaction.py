"""Plan history stays append-only, with one exception: the anonymisation of
a person may redact the free text in `before` and `after` of their plan's
history rows (municipalities/models/plan_history.py, `redact_history`).

The trigger now lets an UPDATE through only when the transaction has set
`bops.redact_plan_history` to 'on' (`set_config(..., true)`: it ends with the
transaction) and the update changes nothing but `before` and `after`. DELETE
is refused as before. This guards against mistakes and tools that bypass
Django, not against a database user who could drop the trigger anyway.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION municipalities_planhistory_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('bops.redact_plan_history', true) = 'on'
       AND NEW.id = OLD.id
       AND NEW.plan_id = OLD.plan_id
       AND NEW.at = OLD.at
       AND NEW.by_id = OLD.by_id
       AND NEW.subject = OLD.subject
       AND NEW.object_id IS NOT DISTINCT FROM OLD.object_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'plan history is append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""

# The function of migration 0004: no exception at all.
REVERT = """
CREATE OR REPLACE FUNCTION municipalities_planhistory_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'plan history is append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def allow_redaction(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def refuse_redaction(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERT, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0008_municipality_validity_and_successor"),
    ]

    operations = [
        migrations.RunPython(allow_redaction, refuse_redaction),
    ]
