"""Template helpers for the service-user pages."""

from django import template

from bops import access
from municipalities.models import Membership, ServiceUser

register = template.Library()

PLAN_TONES = {
    ServiceUser.PlanStatus.ESTABLISHED: "ok",
    ServiceUser.PlanStatus.IN_PROGRESS: "info",
    ServiceUser.PlanStatus.OFFERED: "info",
    ServiceUser.PlanStatus.NONE: "warn",
    ServiceUser.PlanStatus.DECLINED: "neutral",
}


@register.filter
def plan_tone(status: str) -> str:
    """The badge tone for an individual-plan status (includes/badge.html)."""
    return PLAN_TONES.get(status, "neutral")


@register.filter
def works_with_people(user) -> bool:
    """Whether the menu shows service users and referrals: every role but the
    council reader's works with named people (the council sees figures only)."""
    if access.is_superuser(user):
        return True
    return any(grant.role != Membership.Role.COUNCIL_READER for grant in access.grants(user))
