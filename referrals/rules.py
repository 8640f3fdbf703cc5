"""The rules of the referral life cycle: the errors a transition raises,
consent, and what a referral's status and its user's memberships allow now
(`ReferralRules`, a base of `referrals.transitions.ReferralTransitions`)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bops import access
from bops.errors import Conflict, IllegalTransition
from municipalities.models import Consent, Organisation
from referrals import clock, deadlines
from referrals.choices import (
    AWAITING_DECISION,
    OPEN,
    REOPEN_WITHIN_DAYS,
    TRANSITIONS,
    Side,
    Transition,
    transitions_to,
)


class TransitionError(IllegalTransition):
    """A state change that the referral's current status does not allow (409).
    The API answer also names the status the referral is in now."""

    def __init__(self, message, *, status: str | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.status_now = status

    def as_payload(self) -> dict:
        payload = super().as_payload()
        if self.status_now:
            payload["status"] = self.status_now
        return payload


class ConflictError(Conflict):
    """Someone else changed the referral first (stale version, 409). The API
    answer also gives the version the referral has now."""

    code = "stale_version"

    def __init__(self, message, *, version: int | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.version = version

    def as_payload(self) -> dict:
        payload = super().as_payload()
        if self.version is not None:
            payload["version"] = self.version
        return payload


def has_active_consent(service_user_id: int, organisation_id: int, on=None) -> bool:
    """Whether the person has a consent to share with the organisation that
    is in force on `on` (today by default). Sending without one asks for the
    legal basis; the new-referral and send pages ask the same question."""
    on = on or clock.today()
    return (
        Consent.objects.filter(
            service_user_id=service_user_id, organisation_id=organisation_id, given_on__lte=on
        )
        .filter(models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=on))
        .exists()
    )


class ReferralRules:
    """Who may do what to a referral now, and its state in words the pages
    and the API use (mixed into `Referral` through `ReferralTransitions`)."""

    # --- rules -------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in AWAITING_DECISION
            and self.assessment_deadline is not None
            and self.assessment_deadline < clock.today()
        )

    @property
    def legal_clock_applies(self) -> bool:
        """Only the specialist health service (DPS, BUP) is bound by the
        10-working-day assessment limit."""
        return self.receiver.kind in (Organisation.Kind.DPS, Organisation.Kind.BUP)

    def working_days_left(self, on=None) -> int | None:
        """Working days until the assessment deadline while a decision is
        awaited: 0 on the last day, negative when overdue (by that many
        working days), None when no clock runs."""
        if self.status not in AWAITING_DECISION or self.assessment_deadline is None:
            return None
        today = on or clock.today()
        if self.assessment_deadline >= today:
            return deadlines.working_days_between(today, self.assessment_deadline)
        return -deadlines.working_days_between(self.assessment_deadline, today)

    def allowed_transitions(self, user) -> list[str]:
        """The transition methods `user` may call now, in the order a page
        offers them (e.g. ["accept", "reject", "request_info"]).

        The same rules as the methods themselves, without touching the
        database beyond the user's (cached) memberships: the pages show a
        button only for these, and a test holds them to what the methods
        really allow.
        """
        sides = self._acting_sides(user)
        allowed = [
            t.name
            for t in TRANSITIONS.values()
            if sides[t.side]
            and t.applies_to(self.status, self.kind)
            and (not t.reopens or self.may_still_reopen())
        ]
        return allowed

    def may_still_reopen(self, closed_at=None) -> bool:
        """Whether the referral closed at `closed_at` (its last change by
        default: nothing changes a closed referral) is within the days a
        reopening is allowed."""
        closed_at = closed_at or self.updated_at
        return clock.now() - closed_at <= datetime.timedelta(days=REOPEN_WITHIN_DAYS)

    def move_to(self, user, to: str) -> Transition | None:
        """The move of the table that leads to status `to` (the API names
        moves by their target): the one that applies now; else one `user`'s
        side makes, else any, so that its method refuses with the reason (a
        stale version, the status, or the side). None when nothing leads there."""
        leading = transitions_to(to)
        sides = self._acting_sides(user)
        return (
            next((t for t in leading if t.applies_to(self.status, self.kind)), None)
            or next((t for t in leading if sides[t.side]), None)
            or next(iter(leading), None)
        )

    def _acting_sides(self, user) -> dict[str, bool]:
        acting = access.organisation_ids(user, action=access.CHANGE)
        return {Side.SENDER: self.sender_id in acting, Side.RECEIVER: self.receiver_id in acting}

    def _require_member(self, user, organisation_id: int, message) -> None:
        """Only a member of the organisation who may act (not read-only)."""
        if organisation_id not in access.organisation_ids(user, action=access.CHANGE):
            raise PermissionDenied(message)

    def _require_side(self, user, side: str) -> None:
        if side == Side.SENDER:
            self._require_sender(user)
        else:
            self._require_receiver(user)

    def _require_sender(self, user) -> None:
        self._require_member(
            user, self.sender_id, _("Only members of the sending organisation may do this.")
        )

    def _require_receiver(self, user) -> None:
        self._require_member(
            user, self.receiver_id, _("Only members of the receiving organisation may do this.")
        )

    def open_duplicate(self) -> models.Model | None:
        """The open referral of the same kind for the same person to the same
        unit, if there is one (the duplicate guard)."""
        if not (self.service_user_id and self.receiver_id):
            return None
        return (
            type(self)
            .objects.filter(
                service_user_id=self.service_user_id,
                receiver_id=self.receiver_id,
                kind=self.kind,
                status__in=OPEN,
            )
            .exclude(pk=self.pk)
            .order_by("pk")
            .first()
        )

    def _duplicate_error(self, other) -> ValidationError:
        number = f"#{other.pk}" if other else ""
        return ValidationError(
            _(
                "There is already an open referral %(number)s of this kind for this person "
                "to %(receiver)s (status: %(status)s). Follow up that one instead."
            )
            % {
                "number": number,
                "receiver": self.receiver,
                "status": other.get_status_display() if other else "",
            },
            code="duplicate",
        )
