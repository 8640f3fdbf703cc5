"""The referral life cycle: who may move a referral from which status to
which, as methods of `Referral` (mixed in from here to keep models.py short;
the rules they check are in referrals/rules.py).

Every method checks the actor's membership (only the receiver decides, only
the sender withdraws or answers an info request, read-only members never
act), then calls `_transition()`, which checks status and version under a row
lock and appends the event in the same transaction.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from referrals import clock, deadlines, hooks, notifications
from referrals.rules import (
    TRANSITIONS,
    ConflictError,
    ReferralRules,
    TransitionError,
    has_active_consent,
)


class ReferralTransitions(ReferralRules):
    # --- the core ----------------------------------------------------------

    def _transition(
        self,
        to: str,
        *,
        by,
        note: str = "",
        version: int | None = None,
        from_statuses: tuple[str, ...] | None = None,
        **fields,
    ):
        """Move to status `to`, save `fields`, bump the version and append the
        event, all in one transaction under a row lock.

        The row lock plus the version check is what makes two people deciding
        at once end with one winner: the second waits for the lock, then sees
        the status or version the first left and gets an error.
        """
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if version is not None and int(version) != current.version:
                raise ConflictError(
                    _("The referral was changed by someone else (version %(now)s, not %(sent)s).")
                    % {"now": current.version, "sent": version}
                )
            if to not in TRANSITIONS.get(current.status, ()) or (
                from_statuses is not None and current.status not in from_statuses
            ):
                raise TransitionError(
                    _("A referral that is %(status)s cannot become %(to)s.")
                    % {
                        "status": current.get_status_display(),
                        "to": self.Status(to).label,
                    }
                )
            from_status = current.status
            for name, value in fields.items():
                setattr(self, name, value)
            self.status = to
            self.version = current.version + 1
            self.save(update_fields=["status", "version", "updated_at", *fields])
            from referrals.models import ReferralEvent

            return ReferralEvent.objects.create(
                referral=self, by=by, from_status=from_status, to_status=to, note=note
            )

    # --- transitions: the sender -------------------------------------------

    def send(
        self,
        *,
        by,
        confirm_legal_basis: str | None = None,
        confirm_outside_catchment_note: str | None = None,
        note: str = "",
        version: int | None = None,
    ):
        """Send the draft to the receiving organisation.

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
        from municipalities.models import Consent
        from referrals.routing import outside_catchment

        self._require_sender(by)
        # Status and version are checked again under the lock; checking them
        # first keeps the consent and catchment questions for real drafts.
        status, current_version = (
            type(self).objects.filter(pk=self.pk).values_list("status", "version").get()
        )
        if version is not None and int(version) != current_version:
            raise ConflictError(
                _("The referral was changed by someone else (version %(now)s, not %(sent)s).")
                % {"now": current_version, "sent": version}
            )
        if status != self.Status.DRAFT:
            raise TransitionError(
                _("A referral that is %(status)s cannot be sent.")
                % {"status": self.Status(status).label}
            )
        today = clock.today()
        errors: dict[str, str] = {}
        notes = [note] if note else []
        if self.kind == self.Kind.RETURN and not self.recommendations.strip():
            errors["recommendations"] = _("A return to the municipality needs recommendations.")
        errors.update(self.admission_details_missing())
        has_consent = has_active_consent(self.service_user_id, self.receiver_id, today)
        if not has_consent:
            if confirm_legal_basis not in self.LegalBasis.values:
                errors["confirm_legal_basis"] = _(
                    "The person has no active consent for %(receiver)s: confirm the legal basis "
                    "(consent obtained now, or care without consent under the law)."
                ) % {"receiver": self.receiver}
            else:
                notes.append(
                    _("Legal basis confirmed: %(basis)s.")
                    % {"basis": self.LegalBasis(confirm_legal_basis).label}
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
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            if not has_consent and confirm_legal_basis == self.LegalBasis.CONSENT_OBTAINED:
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
                self.Status.SENT,
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
            notifications.referral_sent(self)
        return event

    def provide_info(self, *, by, note: str, version: int | None = None):
        """The sender answers the receiver's request for more information."""
        self._require_sender(by)
        if not (note or "").strip():
            raise ValidationError({"note": _("Write the information that was asked for.")})
        event = self._transition(
            self.Status.RECEIVED,
            by=by,
            note=note,
            version=version,
            from_statuses=(self.Status.INFO_REQUESTED,),
        )
        notifications.info_provided(self, event)
        return event

    def withdraw(self, *, by, note: str = "", version: int | None = None):
        """The sender takes the referral back before a decision."""
        self._require_sender(by)
        return self._transition(self.Status.WITHDRAWN, by=by, note=note, version=version)

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
            self.Status.RECEIVED,
            by=by,
            note=note,
            version=version,
            from_statuses=(self.Status.SENT,),
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
        with transaction.atomic():
            event = self._transition(
                self.Status.ACCEPTED,
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

    def reject(self, *, by, reason: str, advice: str, note: str = "", version: int | None = None):
        """A rejection always tells the sender why (a category) and what to
        do instead (advice): the cure for rejections nobody can act on."""
        self._require_receiver(by)
        errors = {}
        if reason not in self.RejectionReason.values:
            errors["rejection_reason"] = _("Choose the reason for the rejection.")
        if not (advice or "").strip():
            errors["advice"] = _("Give the sender advice on what to do instead.")
        if errors:
            raise ValidationError(errors)
        event = self._transition(
            self.Status.REJECTED,
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
        event = self._transition(self.Status.INFO_REQUESTED, by=by, note=note, version=version)
        notifications.decision_made(self, event)
        return event

    def start(self, *, by, note: str = "", version: int | None = None):
        """The accepted referral is started (for an admission: the person moved in)."""
        self._require_receiver(by)
        return self._transition(self.Status.STARTED, by=by, note=note, version=version)

    def complete(
        self, *, by, recommendations: str = "", note: str = "", version: int | None = None
    ):
        fields = {"recommendations": recommendations} if recommendations else {}
        self._require_receiver(by)
        event = self._transition(self.Status.COMPLETED, by=by, note=note, version=version, **fields)
        notifications.decision_made(self, event)
        return event

    def acknowledge(self, *, by, note: str = "", version: int | None = None):
        """A member of the receiving municipal service confirms they have read
        the recommendations of a return referral (sent, received or
        completed). Only return referrals are acknowledged."""
        self._require_receiver(by)
        if self.kind != self.Kind.RETURN:
            raise TransitionError(
                _("Only a return to the municipality is acknowledged (this one is %(status)s).")
                % {"status": self.get_status_display()}
            )
        event = self._transition(self.Status.ACKNOWLEDGED, by=by, note=note, version=version)
        notifications.decision_made(self, event)
        return event
