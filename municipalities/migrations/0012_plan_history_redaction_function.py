"""The plan history's redaction works under the application role too.

Migration 0009 let the anonymisation UPDATE plan history rows when the
transaction set `bops.redact_plan_history`. The application role, however,
has no UPDATE on the history tables at all (`manage.py db_roles`), so
anonymising a person with a plan failed there, while any role that did have
UPDATE could write whatever it liked once it set the flag.

Now the redaction is the SQL function `municipalities_redact_plan_history(person)`,
SECURITY DEFINER (it runs with the owner role's rights; `db_roles` grants the
application role EXECUTE), which rewrites the free text of the person's plan
history the same way as `municipalities.models.plan_history._redacted` (kept: status,
domain, role, ids, dates, non-text values). The trigger now lets an UPDATE
through only with the flag on, with every other column unchanged, and with
`before` and `after` equal to the redaction of their old values: the flag
can no longer be used to write anything else.
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION municipalities_redact_json(snapshot jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN snapshot IS NULL OR jsonb_typeof(snapshot) <> 'object' THEN snapshot
        ELSE (
            SELECT coalesce(jsonb_object_agg(
                key,
                CASE
                    WHEN jsonb_typeof(value) <> 'string'
                         OR key IN ('status', 'domain', 'role')
                         OR right(key, 3) = '_id'
                         OR (value #>> '{}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][-0-9:.+Z]*)?$'
                    THEN value
                    ELSE to_jsonb('[anonymisert]'::text)
                END
            ), '{}'::jsonb)
            FROM jsonb_each(snapshot)
        )
    END
$$;

CREATE OR REPLACE FUNCTION municipalities_planhistory_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('bops.redact_plan_history', true) = 'on'
       AND NEW.id = OLD.id
       AND NEW.plan_id = OLD.plan_id
       AND NEW.at = OLD.at
       AND NEW.by_id IS NOT DISTINCT FROM OLD.by_id
       AND NEW.subject = OLD.subject
       AND NEW.object_id IS NOT DISTINCT FROM OLD.object_id
       AND NEW.before IS NOT DISTINCT FROM municipalities_redact_json(OLD.before)
       AND NEW.after IS NOT DISTINCT FROM municipalities_redact_json(OLD.after) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'plan history is append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION municipalities_redact_plan_history(person bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    n integer;
BEGIN
    PERFORM set_config('bops.redact_plan_history', 'on', true);
    UPDATE municipalities_planhistory h
       SET before = municipalities_redact_json(h.before),
           after = municipalities_redact_json(h.after)
      FROM municipalities_individualplan p
     WHERE p.id = h.plan_id AND p.service_user_id = person
       AND (h.before IS DISTINCT FROM municipalities_redact_json(h.before)
            OR h.after IS DISTINCT FROM municipalities_redact_json(h.after));
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM set_config('bops.redact_plan_history', 'off', true);
    RETURN n;
END;
$$;

REVOKE ALL ON FUNCTION municipalities_redact_plan_history(bigint) FROM PUBLIC;
"""

# Migration 0009's trigger function.
REVERT = """
DROP FUNCTION IF EXISTS municipalities_redact_plan_history(bigint);
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
DROP FUNCTION IF EXISTS municipalities_redact_json(jsonb);
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def revert(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERT, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0011_board_role_for_the_wall_screen"),
    ]

    operations = [
        migrations.RunPython(create, revert),
    ]
