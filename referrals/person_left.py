"""When a person dies or moves out of the region, their open referrals are
closed (registered on `municipalities.hooks.person_left`).

Every open referral is withdrawn with the reason ("the person died", "the
person moved"), with its event (by the user who recorded the date), and
each receiver is told. Nothing is deleted. It runs inside the transaction
that records the date. One still waiting for a decision goes through the
table's `withdraw`; one already accepted or started, which the table does
not let a sender withdraw (and no page offers), is withdrawn here the same
way `_transition` would: under the row lock, version bumped, event written.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from bops.formats import format_date
from referrals import notifications
from referrals.choices import OPEN, TRANSITIONS, Status, WithdrawalReason
from referrals.models import Referral, ReferralEvent

WITHDRAWAL = {"deceased": WithdrawalReason.DECEASED, "moved": WithdrawalReason.MOVED}


def note_for(reason: str, on) -> str:
    if reason == "deceased":
        return _("Closed because the person died (%(day)s).") % {"day": format_date(on)}
    return _("Closed because the person moved out of the region (%(day)s).") % {
        "day": format_date(on)
    }


def close_open_referrals(person, *, reason: str, on, by=None) -> int:
    """Close every open referral of `person`; returns how many."""
    note = note_for(reason, on)
    closed = 0
    referrals = Referral.objects.select_for_update().filter(service_user=person, status__in=OPEN)
    for referral in referrals.select_related("receiver").order_by("pk"):
        if TRANSITIONS["withdraw"].applies_to(referral.status, referral.kind):
            referral._transition("withdraw", by=by, note=note, withdrawal_reason=WITHDRAWAL[reason])
        else:
            _withdraw_after_decision(referral, by=by, note=note, reason=WITHDRAWAL[reason])
        notifications.closed_for_person(referral)
        closed += 1
    return closed


def _withdraw_after_decision(referral: Referral, *, by, note: str, reason: str) -> None:
    """Withdraw an accepted or started referral (the row is locked by the caller)."""
    from_status = referral.status
    referral.status = Status.WITHDRAWN
    referral.withdrawal_reason = reason
    referral.version += 1
    referral.save(update_fields=["status", "withdrawal_reason", "version", "updated_at"])
    ReferralEvent.objects.create(
        referral=referral, by=by, from_status=from_status, to_status=Status.WITHDRAWN, note=note
    )
