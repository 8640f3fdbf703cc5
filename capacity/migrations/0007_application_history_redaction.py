"""Anonymising a person reaches the notes of their applications' history.

Application events stay append-only (the trigger refuses UPDATE and DELETE,
and the application role has neither privilege). The one exception is the
SECURITY DEFINER function `capacity_redact_application_history(person)`
(owner's rights; `manage.py db_roles` grants the application role EXECUTE):
it sets a transaction flag, rewrites the notes of that person's application
events to the fixed text '[anonymisert]', and turns the flag off. The trigger
lets an UPDATE through only with the flag on, every other column unchanged
and the note equal to that text. See capacity/anonymisation.py.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION capacity_applicationevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('bops.redact_application_history', true) = 'on'
       AND NEW.id = OLD.id
       AND NEW.application_id = OLD.application_id
       AND NEW.at = OLD.at
       AND NEW.by_id IS NOT DISTINCT FROM OLD.by_id
       AND NEW.action = OLD.action
       AND NEW.from_status = OLD.from_status
       AND NEW.to_status = OLD.to_status
       AND NEW.priority IS NOT DISTINCT FROM OLD.priority
       AND NEW.note = '[anonymisert]' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'application events are append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION capacity_redact_application_history(person bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    n integer;
BEGIN
    PERFORM set_config('bops.redact_application_history', 'on', true);
    UPDATE capacity_applicationevent e SET note = '[anonymisert]'
      FROM capacity_application a
     WHERE a.id = e.application_id AND a.service_user_id = person
       AND e.note <> '' AND e.note <> '[anonymisert]';
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM set_config('bops.redact_application_history', 'off', true);
    RETURN n;
END;
$$;

REVOKE ALL ON FUNCTION capacity_redact_application_history(bigint) FROM PUBLIC;
"""

# Migration 0002's function: no exception at all.
REVERT = """
DROP FUNCTION IF EXISTS capacity_redact_application_history(bigint);
CREATE OR REPLACE FUNCTION capacity_applicationevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'application events are append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def revert(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERT, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("capacity", "0006_closing_reasons"),
    ]

    operations = [
        migrations.RunPython(create, revert),
    ]
