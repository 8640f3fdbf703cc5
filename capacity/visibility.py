"""Why the residence lets someone see a person (registered in CapacityConfig.ready()
as a source of `municipalities.visibility.person_sources`)."""

from __future__ import annotations

from bops import access
from capacity.models import Application, Stay
from capacity.querysets import staff_organisation_ids


def people_seen_through_residence(user, action: str) -> list:
    """Residence staff see the applicants and residents of their residence.
    Seeing only, as for intake: the record is the municipality's to change
    (the residence acts on its applications and stays, not on the record)."""
    if action != access.VIEW:
        return []
    organisations = staff_organisation_ids(user, action)
    if not organisations:
        return []
    applications = Application.objects.filter(residence__organisation_id__in=organisations)
    stays = Stay.objects.filter(place__residence__organisation_id__in=organisations)
    return [applications.values("service_user_id"), stays.values("service_user_id")]
