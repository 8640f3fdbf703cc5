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
