"""The referral life cycle: who may move a referral from which status to
which, as methods of `Referral` (mixed in from here to keep models.py short;
the rules they check are in referrals/rules.py).

Every method checks the actor's membership (only the receiver decides, only
the sender withdraws or answers an info request, read-only members never
act), then calls `_transition()`, which checks status and version under a row
lock and appends the event in the same transaction.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops.formats import format_date
from municipalities.models import Consent
from referrals import clock, deadlines, hooks, notifications
from referrals.choices import (
    CLOSING_REASONS,
    REOPEN_WITHIN_DAYS,
    TRANSITIONS,
    Kind,
    LegalBasis,
    RejectionReason,
    Status,
)
from referrals.routing import outside_catchment
from referrals.rules import ConflictError, ReferralRules, TransitionError, has_active_consent


def _stale(now: int, sent) -> ConflictError:
    return ConflictError(
        _("The referral was changed by someone else (version %(now)s, not %(sent)s).")
        % {"now": now, "sent": sent},
        version=now,
    )


def recommendation_lines(text: str) -> list[str]:
    """A return's recommendations text as items: one per line, list marks
    ("-", "•", "1.") dropped."""
    lines = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("-•*").strip()
        head, dot, rest = line.partition(". ")
        if dot and head.isdigit():
            line = rest.strip()
        if line:
            lines.append(line)
    return lines


class ReferralTransitions(ReferralRules):
    # --- the core ----------------------------------------------------------

    def _transition(self, name: str, *, by, note: str = "", version: int | None = None, **fields):
        """Make the transition `name` of the table (referrals/choices.py):
        save `fields`, bump the version and append the event, all in one
        transaction under a row lock.

        The row lock plus the version check is what makes two people deciding
        at once end with one winner: the second waits for the lock, then sees
        the status or version the first left and gets an error.
        """
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if version is not None and int(version) != current.version:
                raise _stale(current.version, version)
            transition = TRANSITIONS[name]
            if not transition.applies_to(current.status, current.kind):
                raise TransitionError(
                    _("A referral that is %(status)s cannot become %(to)s.")
                    % {
                        "status": current.get_status_display(),
                        "to": transition.target.label,
                    },
                    status=current.status,
                    field="to",
                )
            if transition.reopens:
                closed_at = (
                    current.events.filter(to_status=current.status, kind="change")
                    .order_by("-at", "-pk")
                    .values_list("at", flat=True)
                    .first()
                )
                if closed_at is None or not current.may_still_reopen(closed_at):
                    raise TransitionError(
                        _(
                            "A referral can only be reopened within %(days)s days of being "
                            "closed. This one was closed %(day)s."
                        )
                        % {"days": REOPEN_WITHIN_DAYS, "day": format_date(closed_at)},
                        code="reopen_too_late",
                        status=current.status,
                        field="to",
                    )
            from_status = current.status
            to = transition.target
            for name, value in fields.items():
                setattr(self, name, value)
            self.status = to
            self.version = current.version + 1
            self.save(update_fields=["status", "version", "updated_at", *fields])
            return self.events.model.objects.create(
                referral=self, by=by, from_status=from_status, to_status=to, note=note
            )

    # --- transitions: the sender -------------------------------------------

    def send(
        self,
        *,
        by,
        confirm_legal_basis: str | None = None,
        confirm_outside_catchment_note: str | None = None,
        assessments: list | None = None,
        note: str = "",
        version: int | None = None,
    ):
        """Send the draft to the receiving organisation.

        `assessments` (ids), when given, replaces the assessments that go
        with it (`choose_assessments`); None keeps those the draft has.

        Two confirmations may be needed, both recorded in the event note:
        - no active consent for the receiver: `confirm_legal_basis` is
          "consent_obtained" (a consent from today is recorded too) or
          "without_consent" (care without consent under the law);
        - the receiver's catchment or age range does not cover the person:
          `confirm_outside_catchment_note` explains why.

        A DPS or BUP receives the referral the moment it is sent: the legal
        clock runs from arrival at the specialist service, not from when
        someone there first opens it, so nobody can stop it by not looking.
        The automatic receipt is its own event (by nobody). Other receivers
        (the residence, a municipal service) receive it with `receive()`.
        Returns the last event written.
        """
        self._require_sender(by)
        # Status and version are checked again under the lock; checking them
        # first keeps the consent and catchment questions for real drafts.
        status, current_version = (
            type(self).objects.filter(pk=self.pk).values_list("status", "version").get()
        )
        if version is not None and int(version) != current_version:
            raise _stale(current_version, version)
        if not TRANSITIONS["send"].applies_to(status, self.kind):
            raise TransitionError(
                _("A referral that is %(status)s cannot be sent.")
                % {"status": Status(status).label},
                status=status,
                field="to",
            )
        today = clock.today()
        errors: dict[str, str] = {}
        notes = [note] if note else []
        if self.kind == Kind.RETURN and not self.recommendations.strip():
            errors["recommendations"] = _("A return to the municipality needs recommendations.")
        errors.update(self.admission_details_missing())
        has_consent = has_active_consent(self.service_user_id, self.receiver_id, today)
        if not has_consent:
            if confirm_legal_basis not in LegalBasis.values:
                errors["confirm_legal_basis"] = _(
                    "The person has no active consent for %(receiver)s: confirm the legal basis "
                    "(consent obtained now, or care without consent under the law)."
                ) % {"receiver": self.receiver}
            else:
                notes.append(
                    _("Legal basis confirmed: %(basis)s.")
                    % {"basis": LegalBasis(confirm_legal_basis).label}
                )
        why_outside = outside_catchment(self.receiver, self.service_user, today)
        if why_outside:
            if not (confirm_outside_catchment_note or "").strip():
                errors["confirm_outside_catchment_note"] = _(
                    "%(receiver)s does not cover this person (%(why)s): "
                    "explain why you send it there."
                ) % {"receiver": self.receiver, "why": why_outside}
            else:
                notes.append(
                    _("Sent outside the catchment (%(why)s): %(note)s")
                    % {"why": why_outside, "note": confirm_outside_catchment_note.strip()}
                )
        if assessments is not None:
            errors.update(self.assessment_errors(assessments, by=by))
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            if assessments is not None:
                self.assessments.set(sorted({getattr(a, "pk", a) for a in assessments}))
            if not has_consent and confirm_legal_basis == LegalBasis.CONSENT_OBTAINED:
                Consent.objects.create(
                    service_user_id=self.service_user_id,
                    organisation_id=self.receiver_id,
                    given_on=today,
                    note=str(_("Recorded when the referral was sent.")),
                )
            now = clock.now()
            fields = {"sent_at": now}
            if self.sender_contact_id is None:
                fields["sender_contact"] = by
            event = self._transition(
                "send",
                by=by,
                note="\n".join(str(n) for n in notes),
                version=version,
                **fields,
            )
            if self.legal_clock_applies:
                event = self._receive(
                    by=None,
                    note=_("Received automatically on arrival at the specialist service."),
                    at=now,
                )
            if self.kind == Kind.RETURN and not self.recommendation_items.exists():
                self.recommendation_items.model.add_to(
                    self, [{"text": line} for line in recommendation_lines(self.recommendations)]
                )
            notifications.referral_sent(self)
        return event

    def provide_info(self, *, by, note: str, version: int | None = None):
        """The sender answers the receiver's request for more information."""
        self._require_sender(by)
        if not (note or "").strip():
            raise ValidationError({"note": _("Write the information that was asked for.")})
        event = self._transition("provide_info", by=by, note=note, version=version)
        notifications.info_provided(self, event)
        return event

    def withdraw(
        self, *, by, withdrawal_reason: str = "", note: str = "", version: int | None = None
    ):
        """The sender takes the referral back before a decision, with a
        reason category (and words in the note when it is "other")."""
        self._require_sender(by)
        self._require_reason("withdraw", withdrawal_reason, note)
        return self._transition(
            "withdraw",
            by=by,
            note=note,
            version=version,
            withdrawal_reason=withdrawal_reason,
        )

    # --- transitions: the receiver -----------------------------------------

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

    def _require_reason(self, name: str, reason: str, note: str) -> None:
        """A closing move needs its reason category, and words when it is
        "other". Only asked while the move applies: otherwise the status
        error says more."""
        argument, choices = CLOSING_REASONS[name]
        if not TRANSITIONS[name].applies_to(self.status, self.kind):
            return
        if reason not in choices.values:
            raise ValidationError({argument: _("Choose the reason.")})
        if reason == choices.OTHER and not (note or "").strip():
            raise ValidationError({"note": _("Describe the reason when you choose other.")})

    # --- reopening: within 30 days, by the side that closed it -------------

    def _reopen(self, name: str, *, by, note: str, version: int | None, **fields):
        """Make the reopening `name` with its required comment, which the
        event keeps (the 30-day window is checked under the row lock)."""
        transition = TRANSITIONS[name]
        self._require_side(by, transition.side)
        # A referral that is not closed gets the status error, not this one.
        if transition.applies_to(self.status, self.kind) and not (note or "").strip():
            raise ValidationError({"note": _("Write why the referral is reopened.")})
        return self._transition(name, by=by, note=note.strip(), version=version, **fields)

    @staticmethod
    def _with_earlier(note: str, reason: str) -> str:
        """The comment, then why the referral was closed (kept in the event)."""
        if not (note or "").strip() or not reason:
            return note
        return f"{note.strip()}\n\n" + _("Closed earlier: %(reason)s.") % {"reason": reason}

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

    def reopen_withdrawn(self, *, by, note: str, version: int | None = None):
        """The sender takes a withdrawn referral back as a draft, to send again.
        The withdrawal's reason stays in the event's note."""
        return self._reopen(
            "reopen_withdrawn",
            by=by,
            note=self._with_earlier(note, self.get_withdrawal_reason_display()),
            version=version,
            withdrawal_reason="",
            sent_at=None,
            received_at=None,
            assessment_deadline=None,
        )

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
