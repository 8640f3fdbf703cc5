"""Multi-object operations of the residence, each in one database transaction.

Every operation that can change who holds which place first locks the
residence row (`SELECT ... FOR UPDATE`), so admissions, offers and discharges
of one residence happen one at a time: two admissions saved at the same
moment cannot both take the last place. On PostgreSQL the exclusion
constraint on stays is the last line of defence; on SQLite the single writer
plays the role of the lock.

Refusals are `bops.errors.Conflict`s with a message a person can act on
("the residence is full", "place B3 is taken from 12.03.2026"; 409) or
`IllegalTransition`s (409); bad input is `InvalidInput` (400) naming its field.
The application's own moves (offer, answers, withdrawal) are its methods
(capacity/transitions.py); admission and discharge touch several rows and
live here.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from bops import access
from bops.errors import Conflict, IllegalTransition, InvalidInput
from bops.formats import format_date
from capacity import notifications
from capacity.choices import ApplicationAction, ApplicationStatus, Side
from capacity.models import Application, Place, Residence, Stay
from capacity.querysets import is_residence_staff
from capacity.transitions import check_place, places_held, refuse_actor, taken_error
from municipalities.models import Municipality, ServiceUser
from referrals.choices import Status as ReferralStatus
from referrals.deadlines import add_working_days


def full_error() -> Conflict:
    return Conflict(_("the residence is full"), code="full")


def _lock(residence: Residence, by=None) -> Residence:
    """Lock the residence row, then check that `by` is on its intake team
    (None: BOPS itself, e.g. the demo data)."""
    locked = Residence.objects.select_for_update().get(pk=residence.pk)
    if by is not None and not (
        access.is_superuser(by) or is_residence_staff(by, locked, access.CHANGE)
    ):
        raise refuse_actor(Side.INTAKE)
    return locked


def first_free_place(
    residence: Residence, start: datetime.date, application: Application | None
) -> Place | None:
    # Ordinary units before the shielded one, then A1, A2 ... A10 in number order.
    return (
        Place.objects.filter(residence=residence)
        .active()
        .free_from(start)
        .exclude(pk__in=places_held(residence, application).values("offered_place_id"))
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
    raise InvalidInput(_("Choose the residence."), field="residence")


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
    place is chosen; the paying municipality defaults to the one the
    admission referral names, then the applying one, then the person's home
    municipality. An application whose referral is no longer accepted is
    refused (IllegalTransition), never half-admitted.
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
        residence = _lock(residence, by)
        if application is None:
            application = (
                Application.objects.open()
                .filter(service_user=service_user, residence=residence)
                .first()
            )
        if application is not None:
            application = Application.objects.select_for_update().get(pk=application.pk)
            if not application.is_open:
                raise IllegalTransition(
                    _("An application that is %(status)s cannot be admitted.")
                    % {"status": application.get_status_display()}
                )
            referral = application.referral
            if referral.status != ReferralStatus.ACCEPTED:
                raise IllegalTransition(
                    _(
                        "The admission referral is %(status)s, no longer accepted: the person "
                        "cannot be admitted from this application. Withdraw or decline it."
                    )
                    % {"status": referral.get_status_display()},
                    code="referral_not_accepted",
                )
        # By default the stay is paid by the municipality of its first day: an
        # application from Leikanger in 2019 is paid by Sogndal today.
        paying_municipality = paying_municipality or (
            (application.referral.paying_municipality if application else None)
            or (application.applying_municipality if application else None)
            or service_user.home_municipality
        ).on(start)

        present = (
            Stay.objects.filter(service_user=service_user)
            .overlapping(start, None)
            .select_related("place")
            .first()
        )
        if present is not None:
            raise Conflict(
                _("%(name)s already has a stay (place %(code)s from %(day)s).")
                % {
                    "name": service_user.full_name,
                    "code": present.place.code,
                    "day": format_date(present.start),
                },
                code="already_resident",
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
            check_place(residence, place, start, application)
        else:
            place = first_free_place(residence, start, application)
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
                raise Conflict(
                    _("%(name)s already has an ongoing stay.") % {"name": service_user.full_name},
                    code="already_resident",
                ) from exc
            raise

        if application is not None:
            from_status = application.status
            application.status = ApplicationStatus.ADMITTED
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
            notifications.admitted(application)
            application.events.create(
                action=ApplicationAction.ADMIT,
                by=by,
                from_status=from_status,
                to_status=ApplicationStatus.ADMITTED,
                priority=application.priority,
                note=note,
            )
            application.referral.start(
                by=by,
                note=note
                or _("Admitted to %(residence)s, place %(code)s, from %(day)s.")
                % {"residence": residence.name, "code": place.code, "day": format_date(start)},
            )
    return stay


def discharge(stay: Stay, end: datetime.date, reason: str, *, by=None, note: str = "") -> Stay:
    """End an ongoing stay on `end` (the day the resident leaves; the place
    is free that day), with the reason category and, for "other", words."""
    if reason not in Stay.EndReason.values:
        raise InvalidInput(_("Choose a reason for leaving."), field="reason")
    note = (note or "").strip()
    if reason == Stay.EndReason.OTHER and not note:
        raise InvalidInput(_("Describe the reason when you choose other."), field="note")
    with transaction.atomic():
        _lock(stay.place.residence, by)
        current = Stay.objects.select_for_update().get(pk=stay.pk)
        if current.end is not None:
            raise IllegalTransition(
                _("The stay already ended on %(day)s.") % {"day": format_date(current.end)}
            )
        if end <= current.start:
            raise InvalidInput(
                _("The stay started on %(day)s; it must end after that day.")
                % {"day": format_date(current.start)},
                field="end",
            )
        stay.end = end
        stay.end_reason = reason
        stay.end_note = note
        stay.ended_by = by
        stay.save(update_fields=["end", "end_reason", "end_note", "ended_by", "updated_at"])
    return stay


def expire_offers(today: datetime.date | None = None) -> int:
    """Expire every offer whose last valid day is before `today`. Returns how many."""
    today = today or timezone.localdate()
    count = 0
    for application in Application.objects.offers_expired_on(today).select_related("residence"):
        try:
            application.expire()
        except IllegalTransition:
            continue  # answered meanwhile
        count += 1
    return count


def remind_offers(today: datetime.date | None = None) -> int:
    """Mail the coordinator's service about every offer whose last day is
    two working days ahead. Returns how many."""
    today = today or timezone.localdate()
    last_day = add_working_days(today, notifications.REMIND_DAYS)
    count = 0
    offers = Application.objects.filter(
        status=ApplicationStatus.OFFERED, offer_valid_until=last_day
    ).select_related("residence", "offered_place", "referral__sender_contact", "referral__sender")
    for application in offers:
        notifications.offer_expires_soon(application)
        count += 1
    return count
