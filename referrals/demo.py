"""Demo referrals: about two years of traffic between the municipal services,
DPS, BUP and the residence that already exist in the database.

`seed(stdout)` is idempotent (it adds nothing when referrals exist) and
deterministic (a fixed random seed, dates relative to today, organisations
and people taken in primary-key order). Organisations are found by kind and
catchment, never by name; an organisation without a member who may act gets
one demo user (unusable password) so the history has a named actor.

Everything goes through the real transition methods, so the rules, the
duplicate guard and the history hold for demo data too. Back-dating: the
history table refuses UPDATE on PostgreSQL, so timestamps cannot be fixed
afterwards; each step runs inside `clock.backdated(moment)` instead, which
makes the transition code stamp `moment` (time-machine is a test tool and not
installed in production). Only `updated_at` shows the real seeding time.
Mail is muted while seeding.
"""

from __future__ import annotations

import datetime
import random
import sys
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from municipalities.models import Assessment, Membership, Organisation, ServiceUser
from referrals import clock, notifications
from referrals.choices import (
    CompletionReason,
    Kind,
    RejectionReason,
    Status,
    Urgency,
    WithdrawalReason,
)
from referrals.deadlines import add_working_days
from referrals.models import Referral
from referrals.routing import suggest_receiver

SEED = 3_2026
DAYS = 730
RETURN_FACTOR = 1.4
REJECT_RATE = {
    Organisation.Kind.BUP: 0.38,
    Organisation.Kind.DPS: 0.1,
    Organisation.Kind.RESIDENCE: 0.2,
}
ROLE_FOR_KIND = {
    Organisation.Kind.MUNICIPAL_SERVICE: Membership.Role.COORDINATOR,
    Organisation.Kind.DPS: Membership.Role.INTAKE,
    Organisation.Kind.BUP: Membership.Role.INTAKE,
    Organisation.Kind.RESIDENCE: Membership.Role.RESIDENCE_LEAD,
}
REASONS = [
    "Auka symptomtrykk og tilbaketrekking over fleire veker.",
    "Rusbruk og psykisk liding; treng samla vurdering.",
    "Fleire innleggingar siste år; ønskjer avklaring av vidare tiltak.",
    "Pårørande melder uro; personen har slutta å ta medisinar.",
    "Skulevegring og sjølvskading (ung person).",
    "Treng bustad med heildøgns oppfølging etter utskriving.",
]
REQUESTED = ["Vurdering og behandling.", "Rettleiing til kommunen.", "Plass i bufellesskapet."]
RECOMMENDATIONS = [
    "Fast kontaktperson, ukentleg oppfølging, vurder individuell plan.",
    "Dagleg tilsyn første månad; kriseplan er oppdatert.",
    "Oppfølging frå ROP-team; samarbeidsmøte om tre månader.",
]
ADVICE = [
    "Prøv kommunalt lågterskeltilbod først; send ny tilvising ved forverring.",
    "Send med oppdatert kartlegging og medisinliste.",
    "Personen høyrer til BUP/DPS i eit anna opptaksområde.",
]


@dataclass
class World:
    services: dict[int, Organisation] = field(default_factory=dict)  # municipality id →
    actors: dict[int, object] = field(default_factory=dict)  # organisation id → user
    people: list[ServiceUser] = field(default_factory=list)

    def actor(self, organisation: Organisation):
        if organisation.pk not in self.actors:
            member = (
                Membership.objects.filter(organisation=organisation, read_only=False)
                .select_related("user")
                .order_by("pk")
                .first()
            )
            if member:
                user = member.user
            else:
                user, _ = get_user_model().objects.get_or_create(
                    username=f"demo-{organisation.kind}-{organisation.pk}"
                )
                if user.has_usable_password():
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                Membership.objects.get_or_create(
                    user=user,
                    organisation=organisation,
                    role=ROLE_FOR_KIND.get(organisation.kind, Membership.Role.COORDINATOR),
                )
            self.actors[organisation.pk] = user
        return self.actors[organisation.pk]


def _load() -> World:
    world = World()
    for service in Organisation.objects.filter(
        active=True, kind=Organisation.Kind.MUNICIPAL_SERVICE, municipality__isnull=False
    ).order_by("pk"):
        world.services.setdefault(service.municipality_id, service)
    world.people = [
        p for p in ServiceUser.objects.order_by("pk") if p.home_municipality_id in world.services
    ]
    return world


def _working_moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    naive = datetime.datetime.combine(day, datetime.time(8 + rng.randrange(7), rng.randrange(60)))
    return timezone.make_aware(naive)


def seed(stdout=None, count: int = 400) -> None:
    """Add about `count` demo referrals (returns included) unless referrals exist."""
    stdout = stdout or sys.stdout
    if Referral.objects.exists():
        stdout.write("Referrals exist already: no demo referrals added.\n")
        return
    world = _load()
    if not world.people:
        stdout.write("No service users with a municipal service: no demo referrals added.\n")
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    now = timezone.now()
    # About one in three started referrals is followed by a return, so fewer
    # referrals are started than `count`.
    starts = sorted(
        (today - datetime.timedelta(days=rng.randrange(DAYS)), i)
        for i in range(round(count / RETURN_FACTOR))
    )
    with notifications.muted():
        for day, _i in starts:
            _one(world, rng, _working_moment(day, rng), now)
    stdout.write(f"Demo referrals: {Referral.objects.count()} added.\n")


def _one(world: World, rng: random.Random, t0: datetime.datetime, now) -> int:
    """One referral's life from `t0` until now; returns how many referrals
    were created (2 when a return to the municipality followed)."""
    person = rng.choice(world.people)
    roll = rng.random()
    kind = Kind.ASSESSMENT if roll < 0.7 else Kind.ADVICE if roll < 0.85 else Kind.ADMISSION
    sender = world.services[person.home_municipality_id]
    receiver = suggest_receiver(person, kind, on=t0.date())
    if receiver is None:
        return 0
    plan = _Plan(rng, t0, now, t0.date() > (now.date() - datetime.timedelta(days=60)))
    with transaction.atomic():
        try:
            with clock.backdated(t0):
                referral = Referral.objects.create(
                    service_user=person,
                    sender=sender,
                    receiver=receiver,
                    kind=kind,
                    urgency=rng.choices(
                        [Urgency.ORDINARY, Urgency.PRIORITISED, Urgency.EMERGENCY], [75, 20, 5]
                    )[0],
                    reason=rng.choice(REASONS),
                    requested=rng.choice(REQUESTED),
                    sender_contact=world.actor(sender),
                    **_admission_details(kind, person, t0, rng),
                )
        except ValidationError:
            return 0  # an open one of this kind exists: the guard holds in demo data too
        made = 1
        s, r = world.actor(sender), world.actor(receiver)
        basis = rng.choice(["consent_obtained", "without_consent"])
        # The coordinator sends the latest assessment of the day with it.
        latest = list(
            Assessment.objects.filter(service_user=person, assessed_on__lte=t0.date())
            .order_by("-assessed_on", "-pk")
            .values_list("pk", flat=True)[:1]
        )
        if not plan.step(
            0,
            lambda: referral.send(
                by=s,
                confirm_legal_basis=basis,
                confirm_outside_catchment_note="Demo",
                assessments=latest,
            ),
        ):
            return made
        if referral.status == Status.SENT and not plan.step(
            rng.randrange(0, 3), lambda: referral.receive(by=r)
        ):
            return made
        if rng.random() < 0.04:
            plan.step(
                rng.randrange(1, 4),
                lambda: referral.withdraw(
                    by=s,
                    withdrawal_reason=WithdrawalReason.NO_LONGER_NEEDED,
                    note="Ikkje lenger aktuelt.",
                ),
            )
            return made
        if rng.random() < 0.18:
            if not plan.step(
                rng.randrange(1, 4),
                lambda: referral.request_info(by=r, note="Send oppdatert medisinliste."),
            ):
                return made
            if not plan.step(
                rng.randrange(1, 6),
                lambda: referral.provide_info(by=s, note="Medisinliste lagt ved."),
            ):
                return made
        late = rng.random() < (0.6 if plan.recent else 0.08)
        wait = rng.randrange(11, 41) if late else rng.randrange(1, 9)
        if rng.random() < REJECT_RATE.get(receiver.kind, 0.05):
            plan.step(
                wait,
                lambda: referral.reject(
                    by=r,
                    reason=rng.choice(RejectionReason.values),
                    advice=rng.choice(ADVICE),
                ),
            )
            return made
        start_in = rng.randrange(3, 25)
        decided = plan.moment_after(wait)
        planned = add_working_days(decided.date(), start_in)
        if not plan.step(wait, lambda: referral.accept(by=r, planned_start=planned)):
            return made
        if not plan.step(start_in, lambda: referral.start(by=r)):
            return made
        recommendations = rng.choice(RECOMMENDATIONS)
        if not plan.step(
            rng.randrange(15, 90),
            lambda: referral.complete(
                by=r, completion_reason=CompletionReason.FINISHED, recommendations=recommendations
            ),
        ):
            return made
        if kind == Kind.ADMISSION:
            return made
        made += _return(world, rng, plan, person, receiver, sender, recommendations)
    return made


def _admission_details(kind, person, t0, rng) -> dict:
    """What the residence's intake team asks for with an admission."""
    if kind != Kind.ADMISSION:
        return {}
    return {
        "wanted_start": t0.date() + datetime.timedelta(days=rng.randrange(14, 60)),
        "needs_shielded_unit": rng.random() < 0.2,
        "paying_municipality": person.home_municipality,
        "situation": "Bur åleine med lite nettverk; treng tilsyn heile døgnet (demodata).",
    }


def _return(world, rng, plan, person, specialist, service, recommendations) -> int:
    """The specialist sends the person back to the municipality with its
    recommendations; most are acknowledged, some are still waiting."""
    with clock.backdated(plan.moment):
        try:
            back = Referral.objects.create(
                service_user=person,
                sender=specialist,
                receiver=service,
                kind=Kind.RETURN,
                reason="Utskriving: tilbake til kommunen.",
                recommendations=recommendations,
                sender_contact=world.actor(specialist),
            )
        except ValidationError:
            return 0
    s, r = world.actor(specialist), world.actor(service)
    if not plan.step(
        0,
        lambda: back.send(
            by=s, confirm_legal_basis="without_consent", confirm_outside_catchment_note="Demo"
        ),
    ):
        return 1
    if rng.random() < 0.75:
        plan.step(rng.randrange(1, 10), lambda: back.acknowledge(by=r, note="Lese og følgt opp."))
    return 1


class _Plan:
    """Walks one referral forward in working days, stopping at today."""

    def __init__(self, rng, t0, now, recent: bool):
        self.rng, self.moment, self.now, self.recent = rng, t0, now, recent

    def moment_after(self, working_days: int) -> datetime.datetime:
        day = add_working_days(self.moment.date(), working_days)
        return self.moment.replace(year=day.year, month=day.month, day=day.day) + (
            datetime.timedelta(minutes=5) if working_days == 0 else datetime.timedelta()
        )

    def step(self, working_days: int, action) -> bool:
        """Run `action` `working_days` after the last step, if that is not
        in the future. False when the referral stops here (for now)."""
        moment = self.moment_after(working_days)
        if moment > self.now:
            return False
        with clock.backdated(moment):
            action()
        self.moment = moment
        return True
