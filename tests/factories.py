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
    kind = Referral.Kind.ASSESSMENT
    urgency = Referral.Urgency.ORDINARY
    reason = "Langvarig psykisk liding, treng vurdering i spesialisthelsetenesta."
    requested = "Vurdering og behandling."


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
            ("complete", receiver_user, {"recommendations": "Følg opp kvar veke."}),
        ],
        "withdrawn": [("withdraw", sender_user, {})],
    }[status]
    for method, user, kwargs in steps:
        referral.refresh_from_db()
        if method == "receive" and referral.status == Referral.Status.RECEIVED:
            continue  # DPS and BUP receive on arrival
        getattr(referral, method)(by=user, **kwargs)
    referral.refresh_from_db()
    return referral
