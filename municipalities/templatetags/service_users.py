"""Template helpers for the service-user pages."""

from django import template

from municipalities.models import ServiceUser

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
