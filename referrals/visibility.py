"""Why a referral lets someone see a person (registered in ReferralsConfig.ready()
as a source of `municipalities.visibility.person_sources`)."""

from __future__ import annotations

from bops import access
from referrals.choices import Status
from referrals.models import Referral


def people_seen_through_referrals(user, action: str) -> list:
    """Intake staff see the people whose referrals reached their unit (never
    through a draft), and a unit sees the people it sent referrals for (e.g.
    a DPS's return to the municipality). Seeing only: changing the person's
    record stays with the municipality."""
    if action != access.VIEW:
        return []
    organisations = access.organisation_ids(user, action=access.VIEW)
    if not organisations:
        return []
    # Two sources, not one with OR: each is an index-only scan of a covering
    # index (receiver/sender, status, ..., service_user).
    received = Referral.objects.filter(receiver__in=organisations).exclude(status=Status.DRAFT)
    sent = Referral.objects.filter(sender__in=organisations)
    return [received.values("service_user"), sent.values("service_user")]


def assessments_sent_with_referrals(user) -> list:
    """The assessments the sender chose to send with a referral: seen by the
    receiving unit once it is sent (never from a draft), and by the sending
    unit (a DPS that sent a return sees what it attached). Registered as a
    source of `municipalities.visibility.assessment_sources`."""
    organisations = access.organisation_ids(user, action=access.VIEW)
    if not organisations:
        return []
    attached = Referral.assessments.through.objects
    received = attached.filter(referral__receiver__in=organisations).exclude(
        referral__status=Status.DRAFT
    )
    sent = attached.filter(referral__sender__in=organisations)
    return [received.values("assessment_id"), sent.values("assessment_id")]
