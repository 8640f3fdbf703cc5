"""The application's life cycle as methods of `Application` (mixed in from
here to keep the model short; which move goes from where to where, and who
makes it, is the table in capacity/choices.py).

Each method locks the residence row and then the application row, checks
the actor and the status inside that transaction, saves with
`update_fields` and appends an `ApplicationEvent`. The residence lock is the
one admissions take too (capacity/services.py), so an offer cannot hand out
a place that an admission takes at the same moment. Refusals are
`bops.errors` classes: a move the status does not allow is an
`IllegalTransition` (409), a taken place or a held one a `Conflict` (409),
the wrong person `NotAllowed` (403), bad input `InvalidInput` (400).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops import access
from bops.errors import Conflict, IllegalTransition, InvalidInput, NotAllowed
from bops.formats import format_date
from capacity import notifications
from capacity.choices import (
    CLOSING,
    HOLDING_A_PLACE,
    TRANSITIONS,
    ApplicationAction,
    ApplicationCloseReason,
    ApplicationPriority,
    ApplicationStatus,
    Side,
    Transition,
)
from capacity.querysets import is_residence_staff
from referrals.choices import Kind as ReferralKind
from referrals.choices import Status as ReferralStatus

RS = ReferralStatus


def referral_problem(referral, residence, service_user_id: int) -> str:
    """Why this referral cannot carry an application to `residence` ("" if it can)."""
    if referral.kind != ReferralKind.ADMISSION:
        return str(_("An application rests on an admission referral; this is another kind."))
    if referral.receiver_id != residence.organisation_id:
        return str(_("The referral is sent to another unit, not to this residence."))
    if referral.service_user_id != service_user_id:
        return str(_("The referral is about another person."))
    if referral.status == RS.DRAFT:
        return str(_("The referral is a draft: it must be sent and accepted by the residence."))
    if referral.status in (RS.SENT, RS.RECEIVED, RS.INFO_REQUESTED):
        return str(_("The residence has not decided on the referral yet: accept it first."))
    if referral.status != RS.ACCEPTED:
        return str(
            _("An application rests on a referral the residence has accepted; this one is %(s)s.")
            % {"s": referral.get_status_display()}
        )
    return ""


def taken_error(place, since: datetime.date) -> Conflict:
    return Conflict(
        _("place %(code)s is taken from %(day)s") % {"code": place.code, "day": format_date(since)},
        code="place_taken",
    )


def places_held(residence, exclude_application=None):
    """Open offers (offered or accepted) holding a place of the residence."""
    held = residence.applications.filter(
        status__in=HOLDING_A_PLACE, offered_place__isnull=False
    ).order_by()
    if exclude_application is not None:
        held = held.exclude(pk=exclude_application.pk)
    return held


def check_place(residence, place, start: datetime.date, application=None) -> None:
    """The place can be given from `start`: in the residence, open, with no
    stay from that day on and not held for another applicant."""
    if place.residence_id != residence.pk:
        raise InvalidInput(
            _("Place %(code)s is not in this residence.") % {"code": place.code}, field="place"
        )
    if not place.active:
        raise InvalidInput(_("Place %(code)s is closed.") % {"code": place.code}, field="place")
    conflict = place.stays.overlapping(start, None).order_by("start").first()
    if conflict is not None:
        raise taken_error(place, conflict.start)
    holder = places_held(residence, application).filter(offered_place=place).first()
    if holder is not None:
        raise Conflict(
            _("place %(code)s is held for another applicant until %(day)s")
            % {"code": place.code, "day": format_date(holder.offer_valid_until or start)},
            code="place_taken",
        )


def check_close_reason(reason: str, note: str) -> None:
    """A move that closes an application needs its reason category, and
    words in the note when the category is "other"."""
    if (
        reason not in ApplicationCloseReason.values
        or reason == ApplicationCloseReason.OFFER_EXPIRED
    ):
        raise InvalidInput(_("Choose the reason."), field="reason")
    if reason == ApplicationCloseReason.OTHER and not (note or "").strip():
        raise InvalidInput(_("Describe the reason when you choose other."), field="note")


def may_act(user, application, side: str) -> bool:
    """Whether `user` is on `side` of this application (and may write there).

    The intake team is the residence organisation's staff; the applicant's
    coordinator is a coordinator (not read-only) of the person's home
    municipality, who answers an offer on the person's behalf.
    """
    if user is None:
        return side == Side.SYSTEM
    if access.is_superuser(user):
        return True
    intake = is_residence_staff(user, application.residence, access.CHANGE)
    coordinator = application.service_user.home_municipality_id in (
        access.coordinator_municipality_ids(user, access.CHANGE)
    )
    return {
        Side.INTAKE: intake,
        Side.COORDINATOR: coordinator,
        Side.EITHER: intake or coordinator,
    }.get(side, False)


def refuse_actor(transition_side: str) -> NotAllowed:
    messages = {
        Side.INTAKE: _("Only the residence's intake team may do this."),
        Side.COORDINATOR: _(
            "Only the coordinator of the person's home municipality answers an offer."
        ),
        Side.EITHER: _("Only the residence's intake team or the person's coordinator may do this."),
    }
    return NotAllowed(messages.get(transition_side, _("You may not do this.")))


class ApplicationTransitions:
    """The moves of an application (see the module docstring)."""

    def record_applied(self, *, by, note: str = ""):
        """The first line of the history, written when the application is made."""
        return self.events.create(
            action=ApplicationAction.APPLY,
            by=by,
            from_status="",
            to_status=self.status,
            priority=self.priority,
            note=note,
        )

    def allowed_transitions(self, user) -> list[Transition]:
        """The moves `user` may make now, in table order: what the page shows."""
        return [
            t
            for t in TRANSITIONS.values()
            if t.side != Side.SYSTEM and t.allows(self.status) and may_act(user, self, t.side)
        ]

    def may(self, user, name: str) -> bool:
        transition = TRANSITIONS[name]
        return transition.allows(self.status) and may_act(user, self, transition.side)

    def _lock(self):
        """Lock the residence, then this application; return the locked row."""
        type(self.residence).objects.select_for_update().filter(pk=self.residence_id).exists()
        return type(self).objects.select_for_update().select_related("service_user").get(pk=self.pk)

    def _move(self, name: str, *, by, note: str = "", check=None, **fields):
        """Make transition `name` under the locks: check actor and status,
        run `check(current)` if given, save and append the event."""
        transition = TRANSITIONS[name]
        with transaction.atomic():
            current = self._lock()
            if not may_act(by, current, transition.side):
                raise refuse_actor(transition.side)
            if not transition.allows(current.status):
                raise IllegalTransition(
                    _("An application that is %(status)s cannot become %(to)s.")
                    % {
                        "status": current.get_status_display(),
                        "to": ApplicationStatus(transition.target).label,
                    }
                )
            if check is not None:
                check(current)
            if transition.name in CLOSING:
                check_close_reason(fields.get("close_reason", ""), note)
            from_status = current.status
            for field, value in fields.items():
                setattr(self, field, value)
            self.status = transition.target
            self.decided_at = timezone.now()
            self.decided_by = by
            self.decision_note = note
            self.save(
                update_fields=[
                    "status",
                    "decided_at",
                    "decided_by",
                    "decision_note",
                    "updated_at",
                    *fields,
                ]
            )
            self.events.create(
                action=transition.name,
                by=by,
                from_status=from_status,
                to_status=transition.target,
                priority=self.priority,
                note=note,
            )
        return self

    # --- the intake team ---------------------------------------------------

    def offer(self, *, by, place, valid_until: datetime.date, note: str = ""):
        """Offer a free place to a waiting applicant until `valid_until`
        (inclusive); the coordinator's service gets a mail."""
        if valid_until < timezone.localdate():
            raise InvalidInput(
                _("The offer must be valid until today or later."), field="valid_until"
            )
        with transaction.atomic():
            self._move(
                ApplicationAction.OFFER,
                by=by,
                note=note,
                check=lambda current: check_place(
                    current.residence, place, timezone.localdate(), current
                ),
                offered_place=place,
                offer_valid_until=valid_until,
            )
            notifications.offer_made(self)
        return self

    def decline(self, *, by, reason: str = "", note: str = ""):
        """The intake team declines an open application, with the reason."""
        return self._move(ApplicationAction.DECLINE, by=by, note=note, close_reason=reason)

    def set_priority(self, *, by, priority: int, reason: str):
        """The intake team sets the priority, with a reason for the history."""
        if priority not in ApplicationPriority.values:
            raise InvalidInput(_("Choose a priority."), field="priority")
        if not (reason or "").strip():
            raise InvalidInput(_("Give the reason for the priority."), field="reason")
        with transaction.atomic():
            current = self._lock()
            if not may_act(by, current, Side.INTAKE):
                raise refuse_actor(Side.INTAKE)
            if not current.is_open:
                raise IllegalTransition(
                    _("An application that is %(status)s has no place in the queue.")
                    % {"status": current.get_status_display()}
                )
            self.priority = priority
            self.save(update_fields=["priority", "updated_at"])
            self.events.create(
                action=ApplicationAction.PRIORITISE,
                by=by,
                from_status=current.status,
                to_status=current.status,
                priority=priority,
                note=reason.strip(),
            )
        return self

    # --- the applicant's coordinator, on the person's behalf ---------------

    def accept_offer(self, *, by, note: str = ""):
        """Accept the offer; the place stays held until admission. Too late,
        the offer expires instead and the answer is refused."""
        today = timezone.localdate()

        def in_time(current):
            if current.offer_valid_until is not None and current.offer_valid_until < today:
                raise IllegalTransition(
                    _("The offer ran out on %(day)s.")
                    % {"day": format_date(current.offer_valid_until)},
                    code="offer_expired",
                )

        try:
            return self._move(ApplicationAction.ACCEPT_OFFER, by=by, note=note, check=in_time)
        except IllegalTransition as error:
            if error.code == "offer_expired":
                self.expire()
            raise

    def decline_offer(self, *, by, reason: str = "", note: str = ""):
        """Decline the offer on the person's behalf, with the reason; the
        place is free again."""
        return self._move(ApplicationAction.DECLINE_OFFER, by=by, note=note, close_reason=reason)

    # --- either side, and the clock ----------------------------------------

    def withdraw(self, *, by, reason: str = "", note: str = ""):
        """The applying side (or the residence) takes an open application
        back, with the reason."""
        return self._move(ApplicationAction.WITHDRAW, by=by, note=note, close_reason=reason)

    def expire(self):
        """The offer was not answered by its last day (run by the clock); the
        coordinator's service gets a mail."""
        with transaction.atomic():
            self._move(
                ApplicationAction.EXPIRE,
                by=None,
                note=str(TRANSITIONS[ApplicationAction.EXPIRE].done),
                close_reason=ApplicationCloseReason.OFFER_EXPIRED,
            )
            notifications.offer_expired(self)
        return self
