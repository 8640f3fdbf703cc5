"""Demo data for the data core: about 130 synthetic service users spread
over the region's municipalities, and what is recorded about them
(assessments, consents, private purchases today and in the pre-study
years). Identity numbers are synthetic (month + 80)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from municipalities import identity
from municipalities.demo_region import (
    DPS_INDRE_SOGN,
    HALLINGDAL_BUP,
    HALLINGDAL_DPS,
    HEMSEDAL,
    MUNICIPALITIES,
    RESIDENCE,
    SOGNDAL_BUP,
    region_of,
)
from municipalities.models import Assessment, Consent, PrivatePurchase, ServiceUser

DEMO_SERVICE_USERS = 130

# The six municipalities that buy private places today, and how many.
PRIVATE_PLACES_BOUGHT = {"4640": 4, "4643": 3, "4644": 2, "4639": 1, "4642": 2, "3326": 1}
# The pre-study years (before the 2020 reform): six of the nine bought private
# places. (municipality number then, places); each purchase ends by 31.12.2019.
PRE_STUDY_PLACES_BOUGHT = {"1420": 2, "1419": 1, "1424": 2, "1426": 1, "1422": 1, "0618": 1}
PRE_STUDY_YEARS = (2018, 2019)
PRIVATE_PROVIDERS = ["Fjordtun Omsorg AS", "Lynglia Behandling AS", "Nordstjerna Bu AS"]

# fmt: off
FIRST_NAMES = [
    "Anne", "Kari", "Ingrid", "Marit", "Liv", "Solveig", "Ragnhild", "Sigrid", "Nora", "Ida",
    "Emma", "Ingeborg", "Astrid", "Hilde", "Silje", "Maja", "Tuva", "Synnøve", "Ole", "Lars",
    "Jon", "Knut", "Per", "Nils", "Arne", "Olav", "Eirik", "Magnus", "Sindre", "Håkon",
    "Jakob", "Sander", "Tor", "Geir", "Bjørn", "Vetle", "Aksel", "Eivind",
]
# Invented surnames: a berry or flower and a place ending. Pleasant, and
# plainly not a real person's name.
SURNAME_STARTS = [
    "Multe", "Tyttebær", "Blåbær", "Krekling", "Blåklokke", "Smørblom", "Hestehov", "Kvitveis",
    "Lyngblom", "Einerbær", "Rognebær", "Seljekatt", "Nypero", "Solbær",
]
SURNAME_ENDS = [
    "li", "vik", "dal", "haug", "nes", "bakken", "moen", "stølen", "tun", "berg",
]
# fmt: on
KIN = ["mor", "far", "syster", "bror", "dotter", "son", "sambuar"]


def _spread(total: int) -> dict[str, int]:
    """`total` people split by population (largest remainder), at least one each."""
    population = sum(m[2] for m in MUNICIPALITIES)
    exact = {m[0]: total * m[2] / population for m in MUNICIPALITIES}
    counts = {number: max(1, int(share)) for number, share in exact.items()}
    by_remainder = sorted(exact, key=lambda n: exact[n] - int(exact[n]), reverse=True)
    for number in by_remainder[: total - sum(counts.values())]:
        counts[number] += 1
    return counts


def _national_id(index: int, born: datetime.date) -> str:
    # Each person has its own serials (index, index + 250), so two demo people
    # never share a number even when re-seeding on another day moves birth dates.
    while True:
        for serial in (index, index + 250):
            number = identity.make_synthetic(born, serial)
            if number:
                return number
        born -= datetime.timedelta(days=1)


def seed_service_users(rng, today, municipalities, users) -> list[ServiceUser]:
    names = [(f, s + e) for f in FIRST_NAMES for s in SURNAME_STARTS for e in SURNAME_ENDS]
    rng.shuffle(names)
    people = []
    index = 0
    region = {number: region_of(municipalities, [number]) for number, _slug, _pop in MUNICIPALITIES}
    for number, slug, _population in MUNICIPALITIES:
        for _ in range(_spread(DEMO_SERVICE_USERS)[number]):
            index += 1
            first_name, last_name = names[index]
            # Mostly adults; a few young people so BUP has someone to see.
            age = rng.randint(13, 17) if rng.random() < 0.12 else rng.randint(18, 74)
            born = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
            pathway = rng.choices([1, 2, 3], weights=[1, 2, 7])[0]
            ip_status = rng.choice(ServiceUser.PlanStatus.values)
            established = ip_status == ServiceUser.PlanStatus.ESTABLISHED
            # Found again by name in the municipality or its predecessors (a
            # database seeded before the reform gets its people moved on).
            person, _ = ServiceUser.objects.update_or_create(
                first_name=first_name,
                last_name=last_name,
                home_municipality__in=region[number],
                defaults={
                    "home_municipality": municipalities[number],
                    "national_id": _national_id(index, born),
                    "main_pathway": pathway,
                    "rop": rng.random() < 0.45,
                    "coordinator": users[f"koordinator-{slug}"],
                    "ip_status": ip_status,
                    "ip_date": today - datetime.timedelta(days=rng.randint(30, 900))
                    if established
                    else None,
                    "crisis_plan_date": today - datetime.timedelta(days=rng.randint(10, 500))
                    if pathway == 3 and rng.random() < 0.6
                    else None,
                    "next_of_kin_name": f"{rng.choice(FIRST_NAMES)} ({rng.choice(KIN)})"
                    if rng.random() < 0.7
                    else "",
                    "next_of_kin_phone": "",
                },
            )
            people.append(person)
    return people


def seed_records(rng, today, people, municipalities, organisations, users) -> None:
    """Assessments over time, consents and private purchases, made once.

    Later seeders add to these (a referral sent with "consent obtained now"
    records a consent), so a second run leaves them alone rather than
    rebuilding them and losing what the others added.
    """
    if Assessment.objects.filter(service_user__in=people).exists():
        return
    assessments, consents, purchases = [], [], []
    still_to_buy = dict(PRIVATE_PLACES_BOUGHT)
    yesterday = today - datetime.timedelta(days=1)
    for person in people:
        number = person.home_municipality.number
        young = person.age_on(today) < 18
        # Two years of mappings, roughly twice a year, slowly improving.
        level = rng.randint(2, 4)
        day = today - datetime.timedelta(days=rng.randint(600, 760))
        while day <= today:
            assessments.append(
                Assessment(
                    service_user=person,
                    assessed_on=day,
                    assessor=person.coordinator,
                    **{
                        d: min(4, max(1, level + rng.choice([-1, 0, 0, 1])))
                        for d in Assessment.DOMAINS
                    },
                )
            )
            level = max(1, level - (rng.random() < 0.4))
            day += datetime.timedelta(days=rng.randint(150, 240))
        given = today - datetime.timedelta(days=rng.randint(60, 800))
        consents.append(
            Consent(service_user=person, organisation=organisations[number], given_on=given)
        )
        specialist = _specialist(number, young)
        if rng.random() < 0.7:
            withdrawn = given + datetime.timedelta(days=40) if rng.random() < 0.1 else None
            consents.append(
                Consent(
                    service_user=person,
                    organisation=organisations[specialist],
                    given_on=given,
                    withdrawn_on=withdrawn,
                )
            )
        if person.main_pathway == 3 and not young and rng.random() < 0.3:
            consents.append(
                Consent(service_user=person, organisation=organisations[RESIDENCE], given_on=given)
            )
        if person.main_pathway == 3 and not young and still_to_buy.get(number):
            still_to_buy[number] -= 1
            start = today - datetime.timedelta(days=rng.randint(90, 1100))
            ended = rng.random() < 0.3
            purchases.append(
                PrivatePurchase(
                    service_user=person,
                    municipality=person.home_municipality,
                    provider=rng.choice(PRIVATE_PROVIDERS),
                    daily_cost=rng.randrange(4500, 9500, 50),
                    start_date=start,
                    # An ended purchase stopped before today.
                    end_date=min(start + datetime.timedelta(days=rng.randint(120, 700)), yesterday)
                    if ended
                    else None,
                )
            )
    Assessment.objects.bulk_create(assessments)
    Consent.objects.bulk_create(consents)
    PrivatePurchase.objects.bulk_create(purchases)


def seed_pre_study_purchases(rng, people, municipalities) -> None:
    """Private places bought in the pre-study years, paid by the municipality
    of their day (Leikanger, not today's Sogndal). Made once."""
    earlier = [municipalities[number] for number in PRE_STUDY_PLACES_BOUGHT]
    if PrivatePurchase.objects.filter(municipality__in=earlier).exists():
        return
    first = datetime.date(PRE_STUDY_YEARS[0], 1, 1)
    last = datetime.date(PRE_STUDY_YEARS[-1], 12, 31)
    purchases = []
    for number, places in PRE_STUDY_PLACES_BOUGHT.items():
        then = municipalities[number]
        today = then.on(timezone.localdate())
        candidates = [
            p for p in people if p.home_municipality_id == today.pk and p.age_on(first) >= 18
        ]
        for person in rng.sample(candidates, min(places, len(candidates))):
            start = first + datetime.timedelta(days=rng.randint(0, 500))
            end = min(start + datetime.timedelta(days=rng.randint(90, 600)), last)
            purchases.append(
                PrivatePurchase(
                    service_user=person,
                    municipality=then,
                    provider=rng.choice(PRIVATE_PROVIDERS),
                    daily_cost=rng.randrange(4000, 8500, 50),
                    start_date=start,
                    end_date=end,
                )
            )
    PrivatePurchase.objects.bulk_create(purchases)


def _specialist(number: str, young: bool) -> str:
    if number == HEMSEDAL:
        return HALLINGDAL_BUP if young else HALLINGDAL_DPS
    return SOGNDAL_BUP if young else DPS_INDRE_SOGN
