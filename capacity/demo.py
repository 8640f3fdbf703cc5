"""Demo data for the shared residence: places, two years of stays, a waiting
list and the cost keys.

`seed(stdout)` is called by the project's `seed_demo` after the municipality
data (organisations, service users, private purchases) exists. It is
idempotent (a residence that already has stays is left alone) and
deterministic (a fixed random seed), with dates relative to today. All
people are the synthetic service users already in the database.

Every application comes the one way real ones do: an admission referral,
sent, received and accepted through the referral transitions (see
`_referral`); the acceptance puts the person on the waiting list
(capacity.intake). One waiting applicant has an offer to answer.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from capacity import notifications as capacity_notifications
from capacity.choices import ApplicationAction
from capacity.models import Application, ApplicationEvent, CostKey, Place, Residence, Stay, Unit
from municipalities.models import Municipality, Organisation, ServiceUser
from referrals import clock, notifications
from referrals.choices import OPEN, CompletionReason, Kind, Urgency
from referrals.demo import World
from referrals.models import Referral

RESIDENCE_NAME = "Lærdal bufellesskap"
ORDINARY_PLACES = 16
SHIELDED_PLACES = 4
HISTORY_DAYS = 730
WAITING = 8
BUDGET = 24_000_000


def seed(stdout) -> None:
    organisation = (
        Organisation.objects.filter(kind=Organisation.Kind.RESIDENCE).order_by("pk").first()
    )
    if organisation is None:
        stdout.write("capacity: no residence organisation yet; nothing seeded.")
        return
    existing = Residence.objects.filter(name=RESIDENCE_NAME).first()
    if existing is not None and Stay.objects.in_residence(existing).exists():
        stdout.write(f"capacity: {existing} already has stays; left as it is.")
        return
    # People with an open admission referral to the residence (from the
    # referrals demo) are left out: the duplicate guard would refuse a second.
    busy = Referral.objects.filter(
        receiver=organisation, kind=Kind.ADMISSION, status__in=OPEN
    ).values("service_user")
    people = list(
        ServiceUser.objects.exclude(pk__in=busy).select_related("home_municipality").order_by("pk")
    )
    if len(people) < ORDINARY_PLACES + SHIELDED_PLACES + WAITING:
        stdout.write("capacity: too few service users to seed the residence.")
        return
    today = timezone.localdate()
    with transaction.atomic():
        residence = _residence(organisation)
        for year in range((today - datetime.timedelta(days=HISTORY_DAYS)).year, today.year + 1):
            CostKey.objects.get_or_create(
                residence=residence,
                year=year,
                defaults={"budget": BUDGET, "fixed_share": 30, "use_share": 70},
            )
        if Stay.objects.in_residence(residence).exists():
            stdout.write(f"capacity: {residence} already has stays; left as it is.")
            return
        rng = random.Random(4)
        world = World()
        with notifications.muted(), capacity_notifications.muted():
            stays = _stays(world, residence, people, today, rng)
            waiting = _waiting_list(world, residence, people, stays, today, rng)
            _offer_a_free_place(world, residence, today)
    stdout.write(
        f"capacity: {residence} with {residence.places.count()} places, "
        f"{len(stays)} stays over two years, {waiting} on the waiting list."
    )


def _residence(organisation: Organisation) -> Residence:
    municipality = (
        organisation.municipality
        or Municipality.objects.filter(number="4642").first()
        or Municipality.objects.order_by("pk").first()
    )
    residence, _ = Residence.objects.get_or_create(
        name=RESIDENCE_NAME,
        defaults={"organisation": organisation, "municipality": municipality},
    )
    for name, kind, letter, count in (
        ("Eining A", Unit.Kind.ORDINARY, "A", ORDINARY_PLACES),
        ("Skjerma eining", Unit.Kind.SHIELDED, "B", SHIELDED_PLACES),
    ):
        unit, _ = Unit.objects.get_or_create(
            residence=residence, name=name, defaults={"kind": kind}
        )
        for n in range(1, count + 1):
            if not Place.objects.filter(residence=residence, code=f"{letter}{n}").exists():
                Place.objects.create(unit=unit, code=f"{letter}{n}")
    return residence


def _length(rng: random.Random) -> int:
    """Stay lengths from a few months to a few years."""
    roll = rng.random()
    if roll < 0.3:
        return rng.randint(60, 180)
    if roll < 0.75:
        return rng.randint(180, 540)
    return rng.randint(540, 1100)


def _plan(places: list[Place], today: datetime.date, rng: random.Random):
    """(place, start, end) per stay; gaps of 2–8 weeks keep use around 85–95 %."""
    window = today - datetime.timedelta(days=HISTORY_DAYS)
    plan = []
    for place in places:
        start = window - datetime.timedelta(days=rng.randint(0, 500))
        while start <= today:
            end = start + datetime.timedelta(days=_length(rng))
            plan.append((place, start, end if end <= today else None))
            start = end + datetime.timedelta(days=rng.randint(14, 60))
    return sorted(plan, key=lambda row: (row[1], row[0].code))


def _sender(municipality: Municipality, fallback: Organisation) -> Organisation:
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.MUNICIPAL_SERVICE, municipality=municipality
        )
        .order_by("pk")
        .first()
        or fallback
    )


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _referral(
    world: World,
    person: ServiceUser,
    residence: Residence,
    applied: datetime.date,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Referral:
    """The admission referral behind an application, walked through the real
    transitions (sent, received, accepted; started on moving in, completed
    on moving out) so its history is complete. Each step is back-dated with
    `referrals.clock.backdated`, as in referrals/demo.py."""
    sender = _sender(person.home_municipality, residence.organisation)
    by_sender, by_residence = world.actor(sender), world.actor(residence.organisation)
    with clock.backdated(_moment(applied, 9)):
        referral = Referral.objects.create(
            service_user=person,
            sender=sender,
            receiver=residence.organisation,
            kind=Kind.ADMISSION,
            urgency=Urgency.ORDINARY,
            reason="Treng heildøgns bustad med oppfølging (demodata).",
            requested="Plass i bufellesskapet.",
            sender_contact=by_sender,
            wanted_start=applied + datetime.timedelta(days=30),
            paying_municipality=person.home_municipality,
            situation="Bur åleine med lite nettverk; treng tilsyn heile døgnet (demodata).",
        )
        referral.send(
            by=by_sender,
            confirm_legal_basis="without_consent",
            confirm_outside_catchment_note="Demo",
        )
    with clock.backdated(_moment(applied, 13)):
        referral.receive(by=by_residence)
    # Accepted a few days after the application, never after moving in (start
    # is at least two weeks after the application) nor after today.
    decided = min(applied + datetime.timedelta(days=3), start or timezone.localdate())
    with clock.backdated(_moment(decided, 11)):
        # Accepting puts the person on the waiting list (capacity.intake).
        referral.accept(by=by_residence, planned_start=start)
    if start is not None:
        _admitted(referral, by_residence, start)
    if start is not None:
        with clock.backdated(_moment(start, 12)):
            referral.start(by=by_residence, note="Flytta inn (demodata).")
    if end is not None:
        with clock.backdated(_moment(end, 12)):
            referral.complete(
                by=by_residence,
                completion_reason=CompletionReason.FINISHED,
                note="Flytta ut (demodata).",
            )
    return referral


def _admitted(referral: Referral, by, start: datetime.date) -> None:
    """The application of a past admission, closed as admitted on `start`
    (the stays themselves are laid down directly, back-dated)."""
    application = Application.objects.get(referral=referral)
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.ADMITTED,
        admitted_on=start,
        waiting_days=max(0, (start - application.applied_on).days),
        decided_by=by,
        decided_at=_moment(start, 12),
    )
    ApplicationEvent.objects.create(
        application=application,
        at=_moment(start, 12),
        by=by,
        action=ApplicationAction.ADMIT,
        from_status=Application.Status.WAITING,
        to_status=Application.Status.ADMITTED,
        priority=application.priority,
    )


def _prioritise(world, residence, referral, rng) -> None:
    """The intake meeting's priority, with its reason, for some applicants."""
    priority = rng.choice([1, 2, 2, 3, 3, 3])
    if priority == Application.Priority.NORMAL:
        return
    application = Application.objects.get(referral=referral)
    if not application.is_open:
        Application.objects.filter(pk=application.pk).update(priority=priority)
        return
    application.set_priority(
        by=world.actor(residence.organisation),
        priority=priority,
        reason="Vurdert i inntaksmøtet (demodata).",
    )


def _stays(world, residence, people, today, rng) -> list[Stay]:
    """Give each planned stay a person who is free then; people come back at times."""
    free_from: dict[int, datetime.date] = {}
    keep_for_waiting = {p.pk for p in people[-WAITING:]}
    pool = [p for p in people if p.pk not in keep_for_waiting]
    stays = []
    R = Stay.EndReason
    for place, start, end in _plan(list(residence.places.order_by("pk")), today, rng):
        candidates = [p for p in pool if free_from.get(p.pk, datetime.date.min) < start]
        if not candidates:
            continue
        unused = [p for p in candidates if p.pk not in free_from]
        person = unused[0] if unused else rng.choice(candidates)
        free_from[person.pk] = end or datetime.date.max
        stay = Stay.objects.create(
            service_user=person,
            place=place,
            paying_municipality=_of_the_day(person.home_municipality, start, rng),
            start=start,
            end=end,
            end_reason=rng.choice([R.PLANNED, R.PLANNED, R.OWN_WISH, R.HOSPITAL]) if end else "",
        )
        stays.append(stay)
        applied = start - datetime.timedelta(days=rng.randint(14, 160))
        referral = _referral(world, person, residence, applied, start, end)
        _prioritise(world, residence, referral, rng)
        # Applied for by the municipality of that day (Hemsedal in Viken before 2024).
        Application.objects.filter(referral=referral).update(
            stay=stay,
            applying_municipality=_of_the_day(person.home_municipality, applied, rng),
        )
    return stays


def _of_the_day(municipality: Municipality, day: datetime.date, rng) -> Municipality:
    """The municipality that paid or applied on `day`: records keep the
    municipality of their day (Hemsedal was 3042 in Viken until 2023)."""
    then = municipality.predecessors_on(day)
    return rng.choice(then) if len(then) > 1 else (then[0] if then else municipality)


def _waiting_list(world, residence, people, stays, today, rng) -> int:
    living = {s.service_user_id for s in stays if s.end is None}
    waiting = [p for p in people[-WAITING:] if p.pk not in living]
    for person in waiting:
        applied = today - datetime.timedelta(days=rng.randint(5, 240))
        referral = _referral(world, person, residence, applied)
        _prioritise(world, residence, referral, rng)
    return len(waiting)


def _offer_a_free_place(world: World, residence: Residence, today: datetime.date) -> None:
    """If a place is free today, the first on the waiting list has an offer for it."""
    place = (
        Place.objects.filter(residence=residence).active().free_from(today).order_by("pk").first()
    )
    first = Application.objects.waiting_list(residence).first()
    if place is not None and first is not None:
        first.offer(
            by=world.actor(residence.organisation),
            place=place,
            valid_until=today + datetime.timedelta(days=7),
        )
