"""What stops a person's anonymisation at the residence (registered in
CapacityConfig.ready() with `municipalities.hooks.anonymisation_blockers`),
and what it clears there (`Application.anonymise_rows`)."""

from __future__ import annotations

from django.db import connection, models
from django.utils.translation import gettext as _

from capacity.models import Application, ApplicationEvent, Stay


def ongoing_stay(person) -> list[str]:
    """A resident has not left the service."""
    if Stay.objects.filter(service_user=person).ongoing().exists():
        return [_("The person has an ongoing stay at the residence.")]
    return []


def open_applications(person) -> list[str]:
    """An application waiting, offered or accepted is still being handled."""
    if Application.objects.filter(service_user=person).open().exists():
        return [_("An application for a place for the person is still open.")]
    return []


#: The fixed text a redaction writes (the database function and trigger use
#: the same literal).
REDACTED = "[anonymisert]"


def anonymise_applications(person) -> int:
    """The person's applications lose their free text (note, the note on the
    last decision), and the notes in their append-only history are redacted:
    on PostgreSQL through the owner's function of migration 0007 (the
    application role has no UPDATE on the history), on SQLite as a plain
    update. Returns rows changed."""
    applications = Application.objects.filter(service_user=person)
    changed = applications.update(note="", decision_note="")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT capacity_redact_application_history(%s)", [person.pk])
            return changed + cursor.fetchone()[0]
    events = models.QuerySet(ApplicationEvent).filter(application__service_user=person)
    return changed + events.exclude(note="").update(note=REDACTED)
