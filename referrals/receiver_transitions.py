"""The receiver's moves of the referral life cycle (referrals/transitions.py):
receive, accept, reject, ask for information, start, complete, acknowledge a
return, and take a rejected or completed referral up again."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops.formats import format_date
from referrals import clock, deadlines, hooks, notifications
from referrals.choices import TRANSITIONS, RejectionReason
from referrals.rules import TransitionError
from referrals.transition_core import TransitionCore, recommendation_lines


class ReceiverTransitions(TransitionCore):
    def _receive(self, *, by, note="", version: int | None = None, at=None):
        # Only from sent: the way back from info_requested is provide_info.
        now = at or clock.now()
        received_on = timezone.localdate(now)
        deadline = (
            deadlines.assessment_deadline(received_on, self.urgency)
            if self.legal_clock_applies
            else None
        )
        return self._transition(
            "receive",
            by=by,
            note=note,
            version=version,
            received_at=now,
            assessment_deadline=deadline,
        )

    def receive(self, *, by, note: str = "", version: int | None = None):
        """A member of the receiving organisation confirms receipt. Sets
        `received_at` and, for DPS and BUP, the assessment deadline (which
        `send()` already did for them on arrival)."""
        self._require_receiver(by)
        return self._receive(by=by, note=note, version=version)

    def accept(self, *, by, planned_start=None, note: str = "", version: int | None = None):
        """Accept the referral. What the apps above make of it (the residence
        puts the person on its waiting list) happens in the same transaction
        through `hooks.on_accepted`; their answers are kept in `self.answers`
        for the API (e.g. {"application": 12})."""
        self._require_receiver(by)
        self._check_planned_start(planned_start)
        with transaction.atomic():
            event = self._transition(
                "accept",
                by=by,
                note=note,
                version=version,
                decided_at=clock.now(),
                planned_start=planned_start,
            )
            self.answers = {}
            for answer in hooks.on_accepted.call_all(self, by=by):
                self.answers.update(answer or {})
        notifications.decision_made(self, event)
        return event

    def _check_planned_start(self, planned_start) -> None:
        """A planned start before the referral was sent, or years ahead, is a
        typing error (2016 for 2026): refused with a message, not stored."""
        if planned_start is None:
            return
        sent = timezone.localdate(self.sent_at) if self.sent_at else None
        if sent and planned_start < sent:
            raise ValidationError(
                {
                    "planned_start": _(
                        "The planned start cannot be before the referral was sent (%(day)s)."
                    )
                    % {"day": format_date(sent)}
                }
            )
        if planned_start > clock.today() + datetime.timedelta(days=2 * 366):
            raise ValidationError(
                {"planned_start": _("The planned start is more than two years ahead.")}
            )

    def reject(self, *, by, reason: str, advice: str, note: str = "", version: int | None = None):
        """A rejection always tells the sender why (a category) and what to
        do instead (advice): the cure for rejections nobody can act on."""
        self._require_receiver(by)
        errors = {}
        if reason not in RejectionReason.values:
            errors["rejection_reason"] = _("Choose the reason for the rejection.")
        if not (advice or "").strip():
            errors["advice"] = _("Give the sender advice on what to do instead.")
        if errors:
            raise ValidationError(errors)
        event = self._transition(
            "reject",
            by=by,
            note=note,
            version=version,
            decided_at=clock.now(),
            rejection_reason=reason,
            advice=advice.strip(),
        )
        notifications.decision_made(self, event)
        return event

    def request_info(self, *, by, note: str, version: int | None = None):
        """Ask the sender for more. The legal clock keeps running: the
        deadline is not moved."""
        self._require_receiver(by)
        if not (note or "").strip():
            raise ValidationError({"note": _("Write what information you need.")})
        event = self._transition("request_info", by=by, note=note, version=version)
        notifications.decision_made(self, event)
        return event

    def start(self, *, by, note: str = "", version: int | None = None):
        """The accepted referral is started (for an admission: the person moved in)."""
        self._require_receiver(by)
        return self._transition("start", by=by, note=note, version=version)

    def complete(
        self,
        *,
        by,
        completion_reason: str = "",
        recommendations: str | list = "",
        note: str = "",
        version: int | None = None,
    ):
        """The receiver ends the referral, with a reason category (and words
        in the note when it is "other") and any recommendations: free text,
        or a list of items (`text`, optional `proposed_owner` and `due`)
        that the municipality answers one by one (referrals/recommendations.py)."""
        if isinstance(recommendations, list | tuple):
            items = self.recommendation_items.model.clean_items(list(recommendations))
            # The text keeps what every older reader of a referral shows.
            recommendations = "\n".join(f"- {item['text']}" for item in items)
        else:
            items = [{"text": line} for line in recommendation_lines(recommendations)]
        fields = {"recommendations": recommendations} if recommendations else {}
        self._require_receiver(by)
        self._require_reason("complete", completion_reason, note)
        with transaction.atomic():
            event = self._transition(
                "complete",
                by=by,
                note=note,
                version=version,
                completion_reason=completion_reason,
                **fields,
            )
            if items:
                self.recommendation_items.model.add_to(self, items)
        notifications.decision_made(self, event)
        return event

    def acknowledge(self, *, by, note: str = "", version: int | None = None):
        """A member of the receiving municipal service confirms they have read
        the recommendations of a return referral (sent, received or
        completed). Only return referrals are acknowledged."""
        self._require_receiver(by)
        if self.kind not in TRANSITIONS["acknowledge"].kinds:
            raise TransitionError(
                _("Only a return to the municipality is acknowledged (this one is %(status)s).")
                % {"status": self.get_status_display()},
                status=self.status,
                field="to",
            )
        event = self._transition("acknowledge", by=by, note=note, version=version)
        notifications.decision_made(self, event)
        return event

    def reopen_rejected(self, *, by, note: str, version: int | None = None):
        """The receiver takes a rejected referral up again. The assessment
        clock starts again on the day of reopening (received again today);
        the earlier rejection stays in the event's note."""
        now = clock.now()
        today = timezone.localdate(now)
        earlier = _("Rejected earlier (%(reason)s). Advice given: %(advice)s") % {
            "reason": self.get_rejection_reason_display(),
            "advice": self.advice,
        }
        event = self._reopen(
            "reopen_rejected",
            by=by,
            note=f"{(note or '').strip()}\n\n{earlier}" if (note or "").strip() else note,
            version=version,
            received_at=now,
            assessment_deadline=(
                deadlines.assessment_deadline(today, self.urgency)
                if self.legal_clock_applies
                else None
            ),
            decided_at=None,
            rejection_reason="",
            advice="",
        )
        notifications.decision_made(self, event)
        return event

    def reopen_completed(self, *, by, note: str, version: int | None = None):
        """The receiver takes a completed referral up again: started once more."""
        event = self._reopen(
            "reopen_completed",
            by=by,
            note=self._with_earlier(note, self.get_completion_reason_display()),
            version=version,
            completion_reason="",
        )
        notifications.decision_made(self, event)
        return event
