"""The sender's moves of the referral life cycle (referrals/transitions.py):
send, answer a request for information, withdraw, and take a withdrawn
referral back as a draft."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from municipalities.models import Consent
from referrals import clock, notifications
from referrals.choices import TRANSITIONS, Kind, LegalBasis, Status
from referrals.routing import outside_catchment
from referrals.rules import TransitionError, has_active_consent
from referrals.transition_core import TransitionCore, _stale, recommendation_lines


class SenderTransitions(TransitionCore):
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
