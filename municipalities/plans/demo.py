"""Demo individual plans: about half of the demo people have one, with goals
in Nynorsk, measures spread over the municipal service, the DPS and the
residence, a responsibility group, and past and future meetings with minutes.

Runs after the other seeders (it reads who lives at the residence and which
consents were given). Deterministic and idempotent: a person who already has a
plan is left alone.
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Q
from django.utils import timezone

from municipalities.models import (
    ActionItem,
    CrisisPlan,
    Evaluation,
    Goal,
    IndividualPlan,
    Measure,
    Meeting,
    Organisation,
    Participant,
    PlanHistory,
    ServiceUser,
)

SEED = 1427

GOALS = [
    ("housing", "Eg vil bu i eiga leilegheit med hjelp når eg treng det"),
    ("activity", "Kome i gang med arbeidstrening to dagar i veka"),
    ("network", "Ha kontakt med familien minst ein gong i veka"),
    ("mental_health", "Kjenne teikna når eg blir dårlegare, og seie frå tidleg"),
    ("substance_use", "Halde meg rusfri i helgane"),
    ("finances", "Betale rekningane sjølv kvar månad"),
    ("physical_health", "Gå tur tre gonger i veka og sove betre"),
    ("social_skills", "Handle og ta buss på eiga hand"),
]
STATEMENTS = [
    "Det viktigaste for meg er å ha ein stad som er min, og folk rundt meg som eg stolar på.",
    "Eg vil ha noko å stå opp til om morgonen. Eg vil ikkje bli snakka om, men snakka med.",
    "Eg vil vere nær familien min og klare meir sjølv, sjølv om det tek tid.",
    "Ro, eit fast dagsprogram og nokon å ringje når natta blir lang.",
]
MUNICIPAL_MEASURES = [
    ("Samtalar med psykiatrisk sjukepleiar", "Kvar veke"),
    ("Praktisk bistand i heimen", "To gonger i veka"),
    ("Støttekontakt til fritidsaktivitetar", "Fire timar i veka"),
    ("Dagsenter med arbeidstrening", "Tysdag og torsdag"),
]
DPS_MEASURES = [
    ("Poliklinisk behandling ved DPS", "Annakvar veke"),
    ("Medisinsk oppfølging og samtaleterapi", "Kvar tredje veke"),
]
RESIDENCE_MEASURES = [
    ("Bu- og omsorgstilbod med personale heile døgeret", "Døgnkontinuerleg"),
]
OUTSIDERS = [
    ("Fastlege Ingrid Haugen", Participant.Role.GP, "57 67 80 00"),
    ("NAV-rettleiar Per Sande", Participant.Role.NAV, "55 55 33 33"),
]


def seed(stdout) -> None:
    rng = random.Random(SEED)
    today = timezone.localdate()
    people = list(
        ServiceUser.objects.filter(anonymised_at__isnull=True, main_pathway__gte=2)
        .select_related("home_municipality", "coordinator")
        .order_by("pk")
    )
    residents = set(
        ServiceUser.objects.filter(
            Q(residence_stays__end__isnull=True) | Q(residence_stays__end__gt=today),
            residence_stays__start__lte=today,
        ).values_list("pk", flat=True)
    )
    services = {
        o.municipality_id: o
        for o in Organisation.objects.filter(kind=Organisation.Kind.MUNICIPAL_SERVICE)
    }
    dps = Organisation.objects.filter(kind=Organisation.Kind.DPS).order_by("pk").first()
    residence = Organisation.objects.filter(kind=Organisation.Kind.RESIDENCE).first()
    made = 0
    for person in people:
        # About half of everybody: most people on pathway 3, fewer on 2.
        if rng.random() > (0.75 if person.main_pathway == 3 else 0.3):
            continue
        if person.plans.exists() and person.plans.filter(goals__isnull=False).exists():
            continue
        service = services.get(person.home_municipality_id)
        if service is None or person.coordinator is None:
            continue
        _plan_for(rng, today, person, service, dps, residence, person.pk in residents)
        made += 1
    stdout.write(f"  individual plans: {made} new")


def _plan_for(rng, today, person, service, dps, residence, lives_there) -> None:
    coordinator = person.coordinator
    decided = today - datetime.timedelta(days=rng.randint(60, 700))
    plan = person.plans.exclude(status__in=["closed", "refused"]).first() or IndividualPlan(
        service_user=person
    )
    plan.coordinator = coordinator
    plan.status = rng.choices(
        [
            IndividualPlan.Status.ESTABLISHED,
            IndividualPlan.Status.BEING_PREPARED,
            IndividualPlan.Status.UNDER_REVISION,
            IndividualPlan.Status.GRANTED,
        ],
        weights=[6, 2, 1, 1],
    )[0]
    plan.decision_date = decided
    plan.owner_statement = rng.choice(STATEMENTS)
    plan.proposed_group = "Koordinator, fastlege og DPS"
    # Some evaluations are overdue, so the dashboard has something to show.
    plan.next_evaluation = today + datetime.timedelta(days=rng.randint(-40, 180))
    plan.save()
    PlanHistory.objects.create(
        plan=plan,
        by=coordinator,
        subject="status",
        object_id=plan.pk,
        before=None,
        after={"status": plan.status},
    )
    goals = []
    for domain, text in rng.sample(GOALS, rng.randint(2, 4)):
        goals.append(
            Goal.objects.create(
                plan=plan,
                text=text,
                domain=domain,
                target_date=today + datetime.timedelta(days=rng.randint(60, 365)),
                status=rng.choice(["open", "open", "partly_met", "met"]),
            )
        )
    text, scope = rng.choice(MUNICIPAL_MEASURES)
    Measure.objects.create(
        plan=plan,
        goal=goals[0],
        description=text,
        responsible_organisation=service,
        contact_name=coordinator.get_full_name() or coordinator.username,
        contact_phone="57 64 00 00",
        start=decided,
        scope=scope,
        status="active",
    )
    group = [
        Participant(
            plan=plan,
            organisation=service,
            user=coordinator,
            role="coordinator",
            is_leader=True,
            access_from=decided,
            phone="57 64 00 00",
        ),
    ]
    consented = set(
        person.consents.filter(withdrawn_on__isnull=True).values_list("organisation_id", flat=True)
    )
    if dps and dps.pk in consented:
        text, scope = rng.choice(DPS_MEASURES)
        Measure.objects.create(
            plan=plan,
            goal=goals[-1],
            description=text,
            responsible_organisation=dps,
            contact_name="Behandlar ved DPS",
            contact_phone="57 65 10 00",
            start=decided + datetime.timedelta(days=14),
            scope=scope,
            status="active",
        )
        group.append(
            Participant(
                plan=plan,
                organisation=dps,
                role="specialist",
                access_from=decided,
                phone="57 65 10 00",
            )
        )
    if residence and lives_there:
        text, scope = RESIDENCE_MEASURES[0]
        Measure.objects.create(
            plan=plan,
            goal=goals[0],
            description=text,
            responsible_organisation=residence,
            contact_name="Miljøterapeut",
            contact_phone="57 66 20 00",
            start=decided,
            scope=scope,
            status="active",
        )
        group.append(
            Participant(
                plan=plan,
                organisation=residence,
                role="residence",
                access_from=decided,
                phone="57 66 20 00",
            )
        )
    name, role, phone = rng.choice(OUTSIDERS)
    group.append(Participant(plan=plan, name=name, role=role, phone=phone, access_from=decided))
    Participant.objects.bulk_create(group)
    CrisisPlan.objects.create(
        plan=plan,
        warning_signs="Søv dårleg, et lite og trekkjer seg frå andre",
        what_helps="Ein roleg samtale, ein tur ut og kjende folk rundt seg",
        what_to_avoid="Mange folk og høge lydar; å bli snakka over hovudet på",
        who_to_call="Koordinator 57 64 00 00 (dag), legevakt 116 117 (natt), ved fare 113",
        agreed_measures="Koordinator kallar inn til ekstra møte; DPS ved behov for innlegging",
        revised_on=decided + datetime.timedelta(days=30),
    )
    for days, past in ((-rng.randint(20, 90), True), (rng.randint(7, 60), False)):
        starts = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(10))
        )
        meeting = Meeting.objects.create(
            plan=plan,
            starts_at=starts,
            place="Kommunehuset, møterom 2",
            agenda="1. Korleis har det gått sidan sist\n2. Måla\n3. Tiltak framover",
            minutes="Personen fortalde at det går betre med søvnen. Gruppa gjekk gjennom "
            "måla og vart samde om vidare tiltak."
            if past
            else "",
        )
        meeting.invited.set(plan.participants.all())
        if past:
            meeting.attended.set(plan.participants.all()[:2])
            ActionItem.objects.create(
                meeting=meeting,
                text="Søkje om støttekontakt",
                owner=coordinator,
                due_on=today + datetime.timedelta(days=rng.randint(-20, 30)),
            )
            Evaluation.objects.create(
                plan=plan,
                evaluated_on=starts.date(),
                by=coordinator,
                summary="Planen vart evaluert i ansvarsgruppemøtet.",
                changes="Nytt mål om aktivitet.",
            )
