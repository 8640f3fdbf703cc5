"""What stops a person's anonymisation at the residence (registered in
CapacityConfig.ready() with `municipalities.hooks.anonymisation_blockers`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from capacity.models import Application, Stay


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
