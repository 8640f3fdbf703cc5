"""What the residence adds to the individual plan's access rule: its staff
see the plan of a person while the person lives there (registered on
`municipalities.plans.querysets.plan_viewer_sources` in CapacityConfig.ready)."""

from __future__ import annotations

import datetime

from django.db.models import Q

from bops import access
from capacity.models import Stay
from capacity.querysets import staff_organisation_ids


def residents_now(user, action: str, day: datetime.date):
    """The people staying at the user's residence on `day` (stays run from
    the start day up to, not including, the end day). Seeing only: the
    plan is changed by its coordinator and the group."""
    if action != access.VIEW:
        return None
    organisations = staff_organisation_ids(user, action)
    if not organisations:
        return None
    return (
        Stay.objects.filter(place__residence__organisation_id__in=organisations, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gt=day))
        .values("service_user_id")
    )
