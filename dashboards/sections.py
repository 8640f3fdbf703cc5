"""What each role sees on its dashboard at `/`.

A user may hold several roles (a coordinator who also reads council reports);
the dashboard then shows one section per role, in the order below. Each
section is a template `dashboard/<role>.html`; its data comes from the panels
registered for that role in `bops.panels` (this app registers the
coordinator's people panel; referrals and the residence register theirs in
their AppConfig.ready() and show them through the slot templates in
`templates/dashboard/slots/`).
"""

from __future__ import annotations

from django.db.models import Count, Q

from bops import access
from bops.panels import for_section
from municipalities.models import Membership, Municipality, ServiceUser

SECTION_ORDER = [
    Membership.Role.COORDINATOR,
    Membership.Role.INTAKE,
    Membership.Role.RESIDENCE_LEAD,
    Membership.Role.COUNCIL_READER,
]

RECENT_SERVICE_USERS = 8


ADMINISTRATOR = "administrator"


def sections_for(user) -> list[str]:
    roles = {grant.role for grant in access.grants(user)}
    sections = [role for role in SECTION_ORDER if role in roles]
    if not sections and access.is_superuser(user):
        sections = [ADMINISTRATOR]
    return sections


def coordinator_context(user) -> dict:
    """My municipality's service users: counts and the ones I follow myself."""
    municipality_ids = access.coordinator_municipality_ids(user)
    people = ServiceUser.objects.for_user(user).filter(home_municipality__in=municipality_ids)
    counts = people.aggregate(
        total=Count("pk"),
        mine=Count("pk", filter=Q(coordinator=user)),
        without_plan=Count("pk", filter=~Q(ip_status=ServiceUser.PlanStatus.ESTABLISHED)),
    )
    mine = people.filter(coordinator=user).select_related("home_municipality")
    return {
        # The coordinator's own, not the predecessors whose people they have too.
        "municipalities": Municipality.objects.filter(pk__in=municipality_ids).exclude(
            successor__in=municipality_ids
        ),
        "service_user_counts": counts,
        "my_service_users": list(mine.order_by("-updated_at")[:RECENT_SERVICE_USERS]),
        "can_add_service_user": bool(access.coordinator_municipality_ids(user, access.CHANGE)),
    }


def people_shown(context: dict) -> set[int]:
    """The service users named on the dashboard, for the access log."""
    ids = {person.pk for person in context.get("my_service_users", [])}
    for key in ("coordinator_referrals_shown", "intake_referrals_shown"):
        ids |= {referral.service_user_id for referral in context.get(key, [])}
    return ids


def dashboard_context(user) -> dict:
    sections = sections_for(user)
    context: dict = {"sections": sections}
    shown: list = []
    for section in sections:
        for panel in for_section(section):
            part = panel(user)
            shown += part.pop("shown_people", [])
            context.update(part)
    # The people named on the dashboard, for the access log (see dashboards/views.py, home).
    context["shown_people"] = shown
    return context
