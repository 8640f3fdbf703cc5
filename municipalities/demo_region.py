"""Demo data for the data core: the region's municipalities (the nine of the
pre-study years and the seven of today, municipalities/classification.py),
their organisations and the demo logins, found by natural keys (municipality
number, organisation name, username) and updated."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from municipalities import classification
from municipalities.models import Membership, Municipality, Organisation

DEMO_PASSWORD = "sogn-demo-2026"

HELSE_FORDE = "Helse Førde"
VESTRE_VIKEN = "Vestre Viken"

# Today's seven municipalities (numbers, names and counties from Statistics
# Norway's classification, municipalities/classification.py): (number, login
# slug, approximate population).
MUNICIPALITIES = [
    ("4639", "vik", 2700),
    ("4640", "sogndal", 11600),
    ("4641", "aurland", 1800),
    ("4642", "laerdal", 2150),
    ("4643", "aardal", 5300),
    ("4644", "luster", 5200),
    ("3326", "hemsedal", 2500),
]
# The nine of the pre-study years and Hemsedal's Viken years, with their
# populations then.
EARLIER_POPULATIONS = {
    "1417": 2700, "1418": 1300, "1419": 2300, "1420": 8000, "1421": 1800,
    "1422": 2150, "1424": 5300, "1426": 5200, "0618": 2500, "3042": 2500,
}  # fmt: skip
HEMSEDAL = "3326"
LAERDAL = "4642"
SOGNDAL = "4640"
SOGN_NUMBERS = [m[0] for m in MUNICIPALITIES if m[0] != HEMSEDAL]

DPS_INDRE_SOGN = "DPS Indre Sogn"
SOGNDAL_BUP = "Sogndal BUP"
HALLINGDAL_DPS = "Hallingdal DPS"
HALLINGDAL_BUP = "Hallingdal BUP"
RESIDENCE = "Lærdal bufellesskap"  # the same name as the residence (capacity/demo.py)
COUNCIL = "Sogn regionråd"


def seed_municipalities() -> dict[str, Municipality]:
    """The region through the reforms: the nine of the pre-study years, the
    seven of today and Hemsedal's Viken years, with their successors."""
    populations = {**EARLIER_POPULATIONS, **{n: pop for n, _slug, pop in MUNICIPALITIES}}
    result = classification.apply(Municipality, populations=populations)
    Municipality.objects.filter(pk__in=[m.pk for m in result.values()]).update(active=True)
    return result


def region_of(municipalities: dict[str, Municipality], numbers) -> list[Municipality]:
    """The municipalities `numbers` and all their predecessors: a catchment
    that routes and splits costs for a person recorded before a merger too."""
    wanted = set(numbers)
    return [m for m in municipalities.values() if m.number in wanted or _ends_in(m, wanted)]


def _ends_in(municipality: Municipality, numbers: set[str]) -> bool:
    seen = set()
    while municipality.successor is not None and municipality.pk not in seen:
        seen.add(municipality.pk)
        municipality = municipality.successor
        if municipality.number in numbers:
            return True
    return False


def _organisation(name: str, catchment: list[Municipality], **fields) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        name=name, defaults={"active": True, **fields}
    )
    organisation.catchment.set(catchment)
    return organisation


def seed_organisations(municipalities: dict[str, Municipality]) -> dict[str, Organisation]:
    sogn = region_of(municipalities, SOGN_NUMBERS)
    hemsedal = region_of(municipalities, [HEMSEDAL])
    laerdal = municipalities[LAERDAL]
    result = {}
    for number, slug, _population in MUNICIPALITIES:
        municipality = municipalities[number]
        result[number] = _organisation(
            f"Psykisk helse og rus {municipality.name}",
            region_of(municipalities, [number]),
            kind=Organisation.Kind.MUNICIPAL_SERVICE,
            municipality=municipality,
            health_trust=VESTRE_VIKEN if number == HEMSEDAL else HELSE_FORDE,
            email=f"psykisk-helse@{slug}.bops.test",
        )
    specialist = {"health_trust": HELSE_FORDE}
    result[DPS_INDRE_SOGN] = _organisation(
        DPS_INDRE_SOGN, sogn, kind=Organisation.Kind.DPS, municipality=laerdal,
        min_age=18, email="inntak@dps-indre-sogn.bops.test", **specialist,
    )  # fmt: skip
    result[SOGNDAL_BUP] = _organisation(
        SOGNDAL_BUP, sogn, kind=Organisation.Kind.BUP, municipality=municipalities[SOGNDAL],
        max_age=17, email="inntak@sogndal-bup.bops.test", **specialist,
    )  # fmt: skip
    other_trust = {"health_trust": VESTRE_VIKEN, "municipality": None}
    result[HALLINGDAL_DPS] = _organisation(
        HALLINGDAL_DPS, hemsedal, kind=Organisation.Kind.DPS, min_age=18,
        email="inntak@hallingdal-dps.bops.test", **other_trust,
    )  # fmt: skip
    result[HALLINGDAL_BUP] = _organisation(
        HALLINGDAL_BUP, hemsedal, kind=Organisation.Kind.BUP, max_age=17,
        email="inntak@hallingdal-bup.bops.test", **other_trust,
    )  # fmt: skip
    result[RESIDENCE] = _organisation(
        RESIDENCE, [*sogn, *hemsedal], kind=Organisation.Kind.RESIDENCE, municipality=laerdal,
        min_age=18, health_trust="", email="inntak@bu-og-omsorg.bops.test",
    )  # fmt: skip
    result[COUNCIL] = _organisation(
        COUNCIL, [*sogn, *hemsedal], kind=Organisation.Kind.COUNCIL, municipality=None,
        health_trust="", email="post@sogn-regionrad.bops.test",
    )  # fmt: skip
    # The services of Balestrand and Leikanger became part of Sogndal's.
    Organisation.objects.filter(
        kind=Organisation.Kind.MUNICIPAL_SERVICE,
        name__in=["Psykisk helse og rus Balestrand", "Psykisk helse og rus Leikanger"],
    ).update(active=False)
    return result


def _login(username: str, first_name: str, last_name: str, **flags):
    user, _ = get_user_model().objects.update_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@bops.test",
            "is_active": True,
            "is_staff": False,
            "is_superuser": False,
            **flags,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def _member(user, organisation: Organisation, role: str) -> None:
    Membership.objects.update_or_create(
        user=user, organisation=organisation, role=role, defaults={"read_only": False}
    )


def seed_logins(municipalities, organisations) -> dict[str, object]:
    """Usernames are lower-case ASCII: koordinator-<municipality>, inntak-dps, ..."""
    users = {}
    for number, slug, _population in MUNICIPALITIES:
        user = _login(f"koordinator-{slug}", "Koordinator", municipalities[number].name)
        _member(user, organisations[number], Membership.Role.COORDINATOR)
        users[user.username] = user
    for username, first, last, organisation, role in [
        ("inntak-dps", "Inntak", "DPS Indre Sogn", DPS_INDRE_SOGN, Membership.Role.INTAKE),
        ("inntak-bup", "Inntak", "Sogndal BUP", SOGNDAL_BUP, Membership.Role.INTAKE),
        (
            "leiar-bops",
            "Leiar",
            "bu- og omsorgstilbodet",
            RESIDENCE,
            Membership.Role.RESIDENCE_LEAD,
        ),
        ("regionrad", "Lesar", "Sogn regionråd", COUNCIL, Membership.Role.COUNCIL_READER),
        # The staff-room screen: the wall screen of the residence and nothing else.
        ("tavle-bops", "Tavle", "bu- og omsorgstilbodet", RESIDENCE, Membership.Role.BOARD),
    ]:
        user = _login(username, first, last)
        _member(user, organisations[organisation], role)
        users[username] = user
    users["admin"] = _login("admin", "Admin", "BOPS", is_staff=True, is_superuser=True)
    return users
