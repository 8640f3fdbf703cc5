"""factory_boy factories for the whole project. Identity numbers are synthetic."""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model

from municipalities import identity
from municipalities.models import (
    Assessment,
    Consent,
    Membership,
    Municipality,
    Organisation,
    PrivatePurchase,
    ServiceUser,
)
from referrals.choices import OPEN, Kind, Status, Urgency

_serials = itertools.count(1)


def synthetic_id(born: datetime.date = datetime.date(1985, 3, 14)) -> str:
    """A fresh synthetic identity number (month + 80) for a birth date."""
    while True:
        number = identity.make_synthetic(born, next(_serials))
        if number:
            return number


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password("demo-password-1")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: f"{5000 + n:04d}")
    name = factory.Sequence(lambda n: f"Kommune {n}")
    county = "Vestland"
    population = 2500


class OrganisationFactory(factory.django.DjangoModelFactory):
    """`OrganisationFactory(municipal_service_in=m)` builds m's municipal service."""

    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    class Params:
        municipal_service_in = None

    name = factory.LazyAttributeSequence(
        lambda o, n: (
            f"Psykisk helse {o.municipal_service_in.name}"
            if o.municipal_service_in
            else f"Eining {n}"
        )
    )
    kind = Organisation.Kind.MUNICIPAL_SERVICE
    municipality = factory.LazyAttribute(lambda o: o.municipal_service_in)
    health_trust = "Helse Førde"


def member_of(organisation, role="coordinator", read_only=False, **user_fields):
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, organisation=organisation, role=role, read_only=read_only)
    return user


class ServiceUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceUser

    class Params:
        born = datetime.date(1985, 3, 14)

    national_id = factory.LazyAttribute(lambda o: synthetic_id(o.born))
    first_name = factory.Sequence(lambda n: f"Testperson{n}")
    last_name = "Syntetisk"
    home_municipality = factory.SubFactory(MunicipalityFactory)
    main_pathway = ServiceUser.Pathway.SERIOUS_LONG


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    service_user = factory.SubFactory(ServiceUserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    given_on = datetime.date(2025, 1, 1)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    service_user = factory.SubFactory(ServiceUserFactory)
    assessed_on = datetime.date(2025, 6, 1)
    substance_use = 3
    finances = 2
    mental_health = 4
    physical_health = 2
    housing = 3
    social_skills = 2
    network = 3
    activity = 3


class PrivatePurchaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivatePurchase

    service_user = factory.SubFactory(ServiceUserFactory)
    municipality = factory.LazyAttribute(lambda p: p.service_user.home_municipality)
    provider = "Privat omsorg AS"
    daily_cost = 6500
    start_date = datetime.date(2025, 1, 1)


# --- capacity ---
from capacity.models import Application, CostKey, Place, Residence, Stay, Unit  # noqa: E402
from referrals.models import Referral  # noqa: E402


class ResidenceOrganisationFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Bufellesskap {n}")
    kind = Organisation.Kind.RESIDENCE
    municipality = factory.SubFactory(MunicipalityFactory)


class ResidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Residence

    name = factory.Sequence(lambda n: f"Butilbod {n}")
    organisation = factory.SubFactory(ResidenceOrganisationFactory)
    municipality = factory.LazyAttribute(lambda r: r.organisation.municipality)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    residence = factory.SubFactory(ResidenceFactory)
    name = factory.Sequence(lambda n: f"Eining {n}")
    kind = Unit.Kind.ORDINARY


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    unit = factory.SubFactory(UnitFactory)
    code = factory.Sequence(lambda n: f"P{n}")


def residence_with_places(ordinary: int = 4, shielded: int = 0, **fields) -> Residence:
    """A residence with `ordinary` places A1.. and `shielded` places B1.."""
    residence = ResidenceFactory(**fields)
    unit = UnitFactory(residence=residence, name="A", kind=Unit.Kind.ORDINARY)
    for n in range(1, ordinary + 1):
        PlaceFactory(unit=unit, code=f"A{n}")
    if shielded:
        unit = UnitFactory(residence=residence, name="B", kind=Unit.Kind.SHIELDED)
        for n in range(1, shielded + 1):
            PlaceFactory(unit=unit, code=f"B{n}")
    return residence


def admission_referral(service_user, residence, status=Status.ACCEPTED) -> Referral:
    """An admission referral to the residence (the referrals area owns ReferralFactory)."""
    sender = OrganisationFactory(municipal_service_in=service_user.home_municipality)
    # One open admission referral per person and residence: reuse it.
    open_one = Referral.objects.filter(
        service_user=service_user,
        receiver=residence.organisation,
        kind=Kind.ADMISSION,
        status__in=OPEN,
    ).first()
    if open_one:
        return open_one
    return Referral.objects.create(
        service_user=service_user,
        sender=sender,
        receiver=residence.organisation,
        kind=Kind.ADMISSION,
        reason="Treng heildøgns bustad med oppfølging.",
        status=status,
    )


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    residence = factory.SubFactory(ResidenceFactory)
    service_user = factory.SubFactory(ServiceUserFactory)
    applying_municipality = factory.LazyAttribute(lambda a: a.service_user.home_municipality)
    referral = factory.LazyAttribute(lambda a: admission_referral(a.service_user, a.residence))
    applied_on = datetime.date(2026, 1, 5)


class StayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stay

    service_user = factory.SubFactory(ServiceUserFactory)
    place = factory.SubFactory(PlaceFactory)
    paying_municipality = factory.LazyAttribute(lambda s: s.service_user.home_municipality)
    start = datetime.date(2026, 1, 1)


class CostKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostKey

    residence = factory.SubFactory(ResidenceFactory)
    year = 2026
    budget = 24_000_000
    fixed_share = 30
    use_share = 70


# --- referrals ---
from referrals.models import Referral  # noqa: E402


def dps_for(*municipalities, name=None, **fields):
    """A DPS serving adults in `municipalities`."""
    dps = OrganisationFactory(
        name=name or f"DPS {municipalities[0].name}",
        kind=Organisation.Kind.DPS,
        min_age=18,
        **fields,
    )
    dps.catchment.add(*municipalities)
    return dps


def bup_for(*municipalities, name=None, **fields):
    """A BUP serving children and young people (0-17) in `municipalities`."""
    bup = OrganisationFactory(
        name=name or f"BUP {municipalities[0].name}",
        kind=Organisation.Kind.BUP,
        min_age=0,
        max_age=17,
        **fields,
    )
    bup.catchment.add(*municipalities)
    return bup


class ReferralFactory(factory.django.DjangoModelFactory):
    """A draft referral. Move it on with the model's transition methods, or
    `make_referral(status, ...)` below."""

    class Meta:
        model = Referral

    service_user = factory.SubFactory(ServiceUserFactory)
    sender = factory.LazyAttribute(
        lambda r: OrganisationFactory(municipal_service_in=r.service_user.home_municipality)
    )
    receiver = factory.LazyAttribute(lambda r: dps_for(r.service_user.home_municipality))
    kind = Kind.ASSESSMENT
    urgency = Urgency.ORDINARY
    reason = "Langvarig psykisk liding, treng vurdering i spesialisthelsetenesta."
    requested = "Vurdering og behandling."

    class Params:
        # What the residence's intake team needs (required when an admission is sent).
        admission = factory.LazyAttribute(lambda r: r.kind == Kind.ADMISSION)

    wanted_start = factory.Maybe("admission", datetime.date(2026, 4, 1), None)
    paying_municipality = factory.Maybe(
        "admission", factory.SelfAttribute("service_user.home_municipality"), None
    )
    situation = factory.Maybe("admission", "Bur åleine, treng tilsyn heile døgnet.", "")


def make_referral(status="draft", *, sender_user, receiver_user, **fields):
    """A referral brought to `status` through the real transition methods.

    `sender_user` and `receiver_user` must be members (who may act) of the
    referral's sending and receiving organisations. Consent and catchment
    questions are answered as "care without consent" and "test" when asked.
    """
    referral = ReferralFactory(**fields)
    send = {"confirm_legal_basis": "without_consent", "confirm_outside_catchment_note": "test"}
    steps = {
        "draft": [],
        "sent": [("send", sender_user, send)],
        "received": [("send", sender_user, send), ("receive", receiver_user, {})],
        "info_requested": [
            ("send", sender_user, send),
            ("receive", receiver_user, {}),
            ("request_info", receiver_user, {"note": "Kva medisinar?"}),
        ],
        "accepted": [
            ("send", sender_user, send),
            ("receive", receiver_user, {}),
            ("accept", receiver_user, {}),
        ],
        "rejected": [
            ("send", sender_user, send),
            ("receive", receiver_user, {}),
            ("reject", receiver_user, {"reason": "other", "advice": "Prøv kommunen."}),
        ],
        "started": [
            ("send", sender_user, send),
            ("receive", receiver_user, {}),
            ("accept", receiver_user, {}),
            ("start", receiver_user, {}),
        ],
        "completed": [
            ("send", sender_user, send),
            ("receive", receiver_user, {}),
            ("accept", receiver_user, {}),
            ("start", receiver_user, {}),
            (
                "complete",
                receiver_user,
                {"completion_reason": "finished", "recommendations": "Følg opp kvar veke."},
            ),
        ],
        "withdrawn": [("withdraw", sender_user, {"withdrawal_reason": "no_longer_needed"})],
    }[status]
    for method, user, kwargs in steps:
        referral.refresh_from_db()
        if method == "receive" and referral.status == Status.RECEIVED:
            continue  # DPS and BUP receive on arrival
        getattr(referral, method)(by=user, **kwargs)
    referral.refresh_from_db()
    return referral
