"""Who answers a person's access request: the coordinators of the person's
home municipality (read-only ones too) and superusers. An intake clinician or
residence member who may see the person through a referral does not; everyone
else does not see the person at all (404)."""

from __future__ import annotations

from django.http import Http404

from bops import access
from municipalities.models import ServiceUser


def people_for_privacy(user):
    people = ServiceUser.objects.for_user(user, access.VIEW)
    if not access.is_superuser(user):
        people = people.filter(home_municipality__in=access.coordinator_municipality_ids(user))
    return people


def person_for_privacy(user, pk) -> ServiceUser:
    """The person, if the user coordinates them (404 otherwise)."""
    try:
        return people_for_privacy(user).select_related("home_municipality").get(pk=pk)
    except (ServiceUser.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
