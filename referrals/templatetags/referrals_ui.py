"""Template helpers for the referral pages: status tones, the person's
referrals on the service-user page."""

from __future__ import annotations

from django import template

from bops import access
from referrals.choices import Status
from referrals.models import Referral
from referrals.notices import sending_unit_ids

register = template.Library()

S = Status
STATUS_TONES = {
    S.DRAFT: "neutral",
    S.SENT: "info",
    S.RECEIVED: "info",
    S.INFO_REQUESTED: "warn",
    S.ACCEPTED: "ok",
    S.REJECTED: "danger",
    S.STARTED: "ok",
    S.COMPLETED: "neutral",
    S.WITHDRAWN: "neutral",
    S.ACKNOWLEDGED: "neutral",
}


@register.filter
def status_tone(status: str) -> str:
    """The badge tone for a referral status (includes/badge.html)."""
    return STATUS_TONES.get(status, "neutral")


@register.filter
def status_label(status: str) -> str:
    try:
        return S(status).label
    except ValueError:
        return status


@register.simple_tag(takes_context=True)
def person_referrals(context, service_user):
    """The person's referrals this user may see, newest first, in one query."""
    user = context["request"].user
    return list(
        Referral.objects.for_user(user)
        .filter(service_user=service_user)
        .select_related("sender", "receiver")
        .order_by("-created_at", "-pk")
    )


@register.simple_tag(takes_context=True)
def can_send_referrals(context) -> bool:
    return bool(access.organisation_ids(context["request"].user, action=access.CHANGE))


@register.simple_tag(takes_context=True)
def can_send_notices(context) -> bool:
    """A member who may act for a DPS, BUP or residence unit (no query)."""
    return bool(sending_unit_ids(context["request"].user))


@register.filter
def absolute(value):
    return abs(value) if isinstance(value, int) else value
