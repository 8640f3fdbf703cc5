"""What each role sees on its dashboard at `/`.

A user may hold several roles (a coordinator who also reads council reports);
the dashboard then shows one section per role, in the order below. Each
section is a template `dashboard/<role>.html` plus, where it needs data, a
context function here. Referrals and the residence add their panels through
the slot templates in `templates/dashboard/slots/` and, for data, by adding
keys in the matching context function.
"""

from __future__ import annotations

from django.db.models import Count, Q

from bops import access
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
    from referrals.dashboards import coordinator_referrals

    return {
        "municipalities": Municipality.objects.filter(pk__in=municipality_ids),
        "service_user_counts": counts,
        "my_service_users": list(mine.order_by("-updated_at")[:RECENT_SERVICE_USERS]),
        "can_add_service_user": bool(access.coordinator_municipality_ids(user, access.CHANGE)),
        **coordinator_referrals(user),
    }


def intake_context(user) -> dict:
    from referrals.dashboards import intake_context as inbox

    return inbox(user)


def people_shown(context: dict) -> set[int]:
    """The service users named on the dashboard, for the access log."""
    ids = {person.pk for person in context.get("my_service_users", [])}
    for key in ("coordinator_referrals_shown", "intake_referrals_shown"):
        ids |= {referral.service_user_id for referral in context.get(key, [])}
    return ids


def _residence_lead_context(user) -> dict:
    from capacity.dashboards import residence_lead_context

    return residence_lead_context(user)


def _coordinator_applications_context(user) -> dict:
    from capacity.dashboards import coordinator_applications_context

    return coordinator_applications_context(user)


CONTEXT_FOR_SECTION = {
    Membership.Role.COORDINATOR: coordinator_context,
    Membership.Role.INTAKE: intake_context,
    Membership.Role.RESIDENCE_LEAD: _residence_lead_context,
}


def _agreements_review_context(user) -> dict:
    from catalogue.dashboards import agreements_review_context

    return agreements_review_context(user)


#: More panels' data per section, from other apps (each adds its own keys).
EXTRA_CONTEXT_FOR_SECTION = {
    Membership.Role.COORDINATOR: [_coordinator_applications_context, _agreements_review_context],
    Membership.Role.INTAKE: [_agreements_review_context],
    Membership.Role.RESIDENCE_LEAD: [_agreements_review_context],
}


def dashboard_context(user) -> dict:
    sections = sections_for(user)
    context: dict = {"sections": sections}
    shown: list = []
    for section in sections:
        functions = [CONTEXT_FOR_SECTION.get(section), *EXTRA_CONTEXT_FOR_SECTION.get(section, [])]
        for function in functions:
            if function is not None:
                part = function(user)
                shown += part.pop("shown_people", [])
                context.update(part)
    # The people named on the dashboard, for the access log (see bops.views.home).
    context["shown_people"] = shown
    return context
