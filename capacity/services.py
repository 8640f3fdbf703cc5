"""Multi-object operations of the residence, each in one database transaction.

Every operation that can change who holds which place first locks the
residence row (`SELECT ... FOR UPDATE`), so admissions, offers and discharges
of one residence happen one at a time: two admissions saved at the same
moment cannot both take the last place. On PostgreSQL the exclusion
constraint on stays is the last line of defence; on SQLite the single writer
plays the role of the lock.

Refusals are `CapacityError`s with a message a person can act on ("the
residence is full", "place B3 is taken from 12.03.2026"); the API answers
them with 409. Bad input is a `ValidationError` (400).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from capacity.models import Application, Place, Residence, Stay
from municipalities.models import Municipality, ServiceUser


class CapacityError(Exception):
    """A refusal that follows from the state of the residence (HTTP 409)."""

    code = "conflict"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ResidenceFull(CapacityError):
    code = "full"


class PlaceTaken(CapacityError):
    code = "place_taken"


class AlreadyResident(CapacityError):
    code = "already_resident"


class StateError(CapacityError):
    code = "state"


def _day(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


def full_error() -> ResidenceFull:
    return ResidenceFull(_("the residence is full"))


def taken_error(place: Place, since: datetime.date) -> PlaceTaken:
    return PlaceTaken(
        _("place %(code)s is taken from %(day)s") % {"code": place.code, "day": _day(since)}
    )


def _lock(residence: Residence) -> Residence:
    return Residence.objects.select_for_update().get(pk=residence.pk)


def _held_places(residence: Residence, exclude_application: Application | None = None):
    """Place ids held by open offers (offered or accepted) of other applicants."""
    held = Application.objects.filter(
        residence=residence,
        status__in=[Application.Status.OFFERED, Application.Status.ACCEPTED],
        offered_place__isnull=False,
    )
    if exclude_application is not None:
        held = held.exclude(pk=exclude_application.pk)
    return held


def _check_place(
    residence: Residence, place: Place, start: datetime.date, application: Application | None
) -> None:
    if place.residence_id != residence.pk:
        raise ValidationError(
            {"place": _("Place %(code)s is not in this residence.") % {"code": place.code}}
        )
    if not place.active:
        raise ValidationError({"place": _("Place %(code)s is closed.") % {"code": place.code}})
    conflict = Stay.objects.filter(place=place).overlapping(start, None).order_by("start").first()
    if conflict is not None:
        raise taken_error(place, conflict.start)
    holder = _held_places(residence, application).filter(offered_place=place).first()
    if holder is not None:
        raise PlaceTaken(
            _("place %(code)s is held for another applicant until %(day)s")
            % {"code": place.code, "day": _day(holder.offer_valid_until or start)}
        )


def _first_free_place(
    residence: Residence, start: datetime.date, application: Application | None
) -> Place | None:
    # Ordinary units before the shielded one, then A1, A2 ... A10 in number order.
    return (
        Place.objects.filter(residence=residence)
        .active()
        .free_from(start)
        .exclude(pk__in=_held_places(residence, application).values("offered_place_id"))
        .order_by("unit__kind", "unit__name", Length("code"), "code")
        .first()
    )


def resolve_residence(
    service_user: ServiceUser, place: Place | None, residence: Residence | None
) -> Residence:
    if place is not None:
        return place.residence
    if residence is not None:
        return residence
    applications = list(Application.objects.open().filter(service_user=service_user)[:2])
    if len(applications) == 1:
        return applications[0].residence
    residences = list(Residence.objects.all()[:2])
    if len(residences) == 1:
        return residences[0]
    raise ValidationError({"residence": _("Choose the residence.")})


def admit(
    subject: Application | ServiceUser,
    paying_municipality: Municipality | None = None,
    place: Place | None = None,
    start: datetime.date | None = None,
    *,
    by=None,
    residence: Residence | None = None,
    note: str = "",
) -> Stay:
    """Admit a person: create the stay, close the application as admitted and
    start the admission referral, all in one transaction.

    `subject` is an application, or a service user (their open application to
    the residence, if any, is closed too). Without `place` the first free
    place is chosen; the paying municipality defaults to the applying one,
    then to the person's home municipality.
    """
    start = start or timezone.localdate()
    if isinstance(subject, Application):
        application: Application | None = subject
        service_user = subject.service_user
        residence = subject.residence
    else:
        application = None
        service_user = subject
        residence = resolve_residence(service_user, place, residence)

    with transaction.atomic():
        residence = _lock(residence)
        if application is None:
            application = (
                Application.objects.open()
                .filter(service_user=service_user, residence=residence)
                .first()
            )
        if application is not None:
            application = Application.objects.select_for_update().get(pk=application.pk)
            if not application.is_open:
                raise StateError(
                    _("An application that is %(status)s cannot be admitted.")
                    % {"status": application.get_status_display()}
                )
        # By default the stay is paid by the municipality of its first day: an
        # application from Leikanger in 2019 is paid by Sogndal today.
        paying_municipality = paying_municipality or (
            (application.applying_municipality if application else None)
            or service_user.home_municipality
        ).on(start)

        present = (
            Stay.objects.filter(service_user=service_user)
            .overlapping(start, None)
            .select_related("place")
            .first()
        )
        if present is not None:
            raise AlreadyResident(
                _("%(name)s already has a stay (place %(code)s from %(day)s).")
                % {
                    "name": service_user.full_name,
                    "code": present.place.code,
                    "day": _day(present.start),
                }
            )

        active = Place.objects.filter(residence=residence).active().count()
        ongoing = Stay.objects.in_residence(residence).ongoing().count()
        if ongoing >= active:
            raise full_error()
        if place is None and application is not None and application.offered_place_id:
            offered = application.offered_place
            if (
                offered.active
                and not Stay.objects.filter(place=offered).overlapping(start, None).exists()
            ):
                place = offered
        if place is not None:
            _check_place(residence, place, start, application)
        else:
            place = _first_free_place(residence, start, application)
            if place is None:
                raise full_error()

        stay = Stay(
            service_user=service_user,
            place=place,
            paying_municipality=paying_municipality,
            start=start,
            created_by=by,
        )
        try:
            with transaction.atomic():
                stay.save()
        except IntegrityError as exc:
            # Only reachable if the checks above were bypassed; keep the message clear.
            if "no_overlap_per_place" in str(exc):
                raise taken_error(place, start) from exc
            if "one_ongoing_per_person" in str(exc):
                raise AlreadyResident(
                    _("%(name)s already has an ongoing stay.") % {"name": service_user.full_name}
                ) from exc
            raise

        if application is not None:
            application.status = Application.Status.ADMITTED
            application.admitted_on = start
            application.waiting_days = max(0, (start - application.applied_on).days)
            application.stay = stay
            application.decided_at = timezone.now()
            application.decided_by = by
            application.decision_note = note
            application.save(
                update_fields=[
                    "status",
                    "admitted_on",
                    "waiting_days",
                    "stay",
                    "decided_at",
                    "decided_by",
                    "decision_note",
                    "updated_at",
                ]
            )
            application.referral.start(
                by=by,
                note=note
                or _("Admitted to %(residence)s, place %(code)s, from %(day)s.")
                % {"residence": residence.name, "code": place.code, "day": _day(start)},
            )
    return stay


def discharge(stay: Stay, end: datetime.date, reason: str, *, by=None) -> Stay:
    """End an ongoing stay on `end` (the day the resident leaves; the place is free that day)."""
    if reason not in Stay.EndReason.values:
        raise ValidationError({"reason": _("Choose a reason for leaving.")})
    with transaction.atomic():
        _lock(stay.place.residence)
        current = Stay.objects.select_for_update().get(pk=stay.pk)
        if current.end is not None:
            raise StateError(_("The stay already ended on %(day)s.") % {"day": _day(current.end)})
        if end <= current.start:
            raise ValidationError(
                {
                    "end": _("The stay started on %(day)s; it must end after that day.")
                    % {"day": _day(current.start)}
                }
            )
        stay.end = end
        stay.end_reason = reason
        stay.ended_by = by
        stay.save(update_fields=["end", "end_reason", "ended_by", "updated_at"])
    return stay


def _decide(application: Application, to: str, allowed: tuple[str, ...], by, note: str, **fields):
    """Move an application from one of `allowed` to `to` under the residence lock."""
    with transaction.atomic():
        _lock(application.residence)
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.status not in allowed:
            raise StateError(
                _("An application that is %(status)s cannot become %(to)s.")
                % {
                    "status": current.get_status_display(),
                    "to": Application.Status(to).label,
                }
            )
        if to == Application.Status.OFFERED:
            _check_place(current.residence, fields["offered_place"], timezone.localdate(), current)
        for name, value in fields.items():
            setattr(application, name, value)
        application.status = to
        application.decided_at = timezone.now()
        application.decided_by = by
        application.decision_note = note
        application.save(
            update_fields=[
                "status",
                "decided_at",
                "decided_by",
                "decision_note",
                "updated_at",
                *fields,
            ]
        )
    return application


def offer(
    application: Application, place: Place, valid_until: datetime.date, *, by=None, note: str = ""
) -> Application:
    """Offer a free place to a waiting applicant until `valid_until` (inclusive)."""
    if valid_until < timezone.localdate():
        raise ValidationError({"valid_until": _("The offer must be valid until today or later.")})
    S = Application.Status
    return _decide(
        application,
        S.OFFERED,
        (S.WAITING,),
        by,
        note,
        offered_place=place,
        offer_valid_until=valid_until,
    )


def accept(application: Application, *, by=None, note: str = "") -> Application:
    """The applicant accepts the offer; the place stays held for them until admission."""
    S = Application.Status
    if (
        application.status == S.OFFERED
        and application.offer_valid_until is not None
        and application.offer_valid_until < timezone.localdate()
    ):
        expire(application, by=by)
        raise StateError(
            _("The offer ran out on %(day)s.") % {"day": _day(application.offer_valid_until)}
        )
    return _decide(application, S.ACCEPTED, (S.OFFERED,), by, note)


def decline(application: Application, *, by=None, note: str = "") -> Application:
    """The residence declines the application, or the applicant declines the offer."""
    S = Application.Status
    return _decide(application, S.DECLINED, (S.WAITING, S.OFFERED, S.ACCEPTED), by, note)


def withdraw(application: Application, *, by=None, note: str = "") -> Application:
    """The applying municipality withdraws an open application."""
    S = Application.Status
    return _decide(application, S.WITHDRAWN, Application.OPEN, by, note)


def expire(application: Application, *, by=None) -> Application:
    S = Application.Status
    return _decide(
        application, S.EXPIRED, (S.OFFERED,), by, _("The offer was not answered in time.")
    )


def expire_offers(today: datetime.date | None = None) -> int:
    """Expire every offer whose last valid day is before `today`. Returns how many."""
    today = today or timezone.localdate()
    count = 0
    for application in Application.objects.offers_expired_on(today).select_related("residence"):
        try:
            expire(application)
        except StateError:
            continue  # answered meanwhile
        count += 1
    return count
