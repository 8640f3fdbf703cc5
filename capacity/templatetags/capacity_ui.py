"""Template helpers for the residence pages: badge tones, percentages, and
the residence panel on a service user's page."""

from __future__ import annotations

from django import template

from capacity import pages
from capacity.choices import ApplicationAction
from capacity.choices import ApplicationPriority as P
from capacity.choices import ApplicationStatus as S
from capacity.models import Application, Stay

register = template.Library()

STATUS_TONES = {
    S.WAITING: "info",
    S.OFFERED: "warn",
    S.ACCEPTED: "ok",
    S.ADMITTED: "ok",
    S.DECLINED: "neutral",
    S.WITHDRAWN: "neutral",
    S.EXPIRED: "danger",
}

PRIORITY_TONES = {
    P.URGENT: "danger",
    P.HIGH: "warn",
    P.NORMAL: "neutral",
}


@register.filter
def status_tone(status: str) -> str:
    """The badge tone for an application status (includes/badge.html)."""
    return STATUS_TONES.get(status, "neutral")


@register.filter
def priority_tone(priority: int) -> str:
    return PRIORITY_TONES.get(priority, "neutral")


@register.filter
def percent(value) -> str:
    """0.873 -> "87 %" (a non-breaking space before the sign, as in Norwegian)."""
    try:
        return f"{round(float(value) * 100)}\xa0%"
    except (TypeError, ValueError):
        return ""


@register.inclusion_tag("capacity/includes/serviceuser_residence.html", takes_context=True)
def residence_history(context, service_user):
    """A person's applications and stays, as far as the reader may see them
    (two queries; the page that shows the person logs the access)."""
    user = context["request"].user
    applications = (
        Application.objects.for_user(user)
        .filter(service_user=service_user)
        .with_position()
        .with_days_waited()
        .select_related("residence", "applying_municipality", "offered_place")
        .order_by("-applied_on", "-pk")
    )
    stays = (
        Stay.objects.for_user(user)
        .filter(service_user=service_user)
        .select_related("place__residence", "paying_municipality")
        .order_by("-start", "-pk")
    )
    applications = pages.with_expected_waits(list(applications))
    for application in applications:
        application.answerable = application.may(user, ApplicationAction.ACCEPT_OFFER)
    return {"applications": applications, "stays": list(stays), "request": context["request"]}


@register.filter
def may_see_residence(user) -> bool:
    """Whether the menu shows the residence (its staff and coordinators)."""
    return pages.may_see_residence(user)
