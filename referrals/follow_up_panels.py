"""Dashboard panels for following up a return (see bops/panels.py):
unacknowledged notices at the top of the receiving coordinators' dashboard,
and the writing unit's recommendations still unanswered after 14 days."""

from __future__ import annotations

from bops import access
from referrals.choices import UNANSWERED_AFTER_DAYS
from referrals.notices import Notice, with_agreements
from referrals.recommendations import unanswered_for_writer

PANEL_ROWS = 10


def coordinator_notices(user) -> dict:
    """Notices to my services not yet acknowledged, the oldest first."""
    organisations = access.organisation_ids(user)
    notices = list(
        Notice.objects.for_user(user)
        .filter(receiver__in=organisations)
        .unacknowledged()
        .with_related()
        .order_by("created_at", "pk")[: PANEL_ROWS + 1]
    )
    return {
        "notices_to_acknowledge": with_agreements(user, notices[:PANEL_ROWS]),
        "notices_more": len(notices) > PANEL_ROWS,
        "shown_people": [notice.service_user_id for notice in notices[:PANEL_ROWS]],
    }


def writer_recommendations(user) -> dict:
    """My units' recommendations not answered after 14 days."""
    items = list(unanswered_for_writer(user)[: PANEL_ROWS + 1])
    return {
        "unanswered_recommendations": items[:PANEL_ROWS],
        "unanswered_recommendations_more": len(items) > PANEL_ROWS,
        "unanswered_days": UNANSWERED_AFTER_DAYS,
        "shown_people": [item.referral.service_user_id for item in items[:PANEL_ROWS]],
    }
