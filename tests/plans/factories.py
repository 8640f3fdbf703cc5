"""Factories for the individual plan and its parts."""

import datetime

import factory
from django.utils import timezone

from municipalities.models import (
    ActionItem,
    CrisisPlan,
    Goal,
    IndividualPlan,
    Measure,
    Meeting,
    Participant,
)
from tests.factories import ServiceUserFactory, UserFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndividualPlan

    service_user = factory.SubFactory(ServiceUserFactory)
    coordinator = factory.SubFactory(UserFactory)
    status = IndividualPlan.Status.ESTABLISHED
    decision_date = datetime.date(2025, 3, 1)
    owner_statement = "Eg vil bu for meg sjølv og ha noko å gå til kvar dag."
    next_evaluation = datetime.date(2026, 6, 1)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    text = "Ha fast arbeidstrening to dagar i veka"
    domain = "activity"
    target_date = datetime.date(2026, 9, 1)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    plan = factory.SubFactory(PlanFactory)
    goal = None
    description = "Samtalar med psykiatrisk sjukepleiar"
    contact_name = "Kari Nordheim"
    contact_phone = "57 66 55 44"
    start = datetime.date(2025, 4, 1)
    scope = "Kvar veke"
    status = Measure.Status.ACTIVE


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    plan = factory.SubFactory(PlanFactory)
    role = Participant.Role.SPECIALIST
    access_from = datetime.date(2025, 1, 1)
    phone = "57 65 43 21"


class CrisisPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrisisPlan

    plan = factory.SubFactory(PlanFactory)
    warning_signs = "Søv dårleg, trekkjer seg unna"
    what_helps = "Ein tur ut, ro, kjende folk"
    what_to_avoid = "Mange folk rundt seg"
    who_to_call = "Legevakt 116 117"
    agreed_measures = "Ring koordinator; ved fare ring 113"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    plan = factory.SubFactory(PlanFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=7)
    )
    place = "Kommunehuset, møterom 2"
    agenda = "Gjennomgang av måla"


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    text = "Søkje om støttekontakt"
    due_on = datetime.date(2026, 1, 15)
