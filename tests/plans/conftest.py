"""The plan's world: the person's plan, and the people around it.

Personas beyond the shared three (coordinator, reader, outsider): a DPS
clinician whose unit takes part with an active access period and the
person's consent, one whose access period has ended, residence staff, and a
council reader."""

import datetime

import pytest

from municipalities.models import Membership, Organisation
from tests import factories
from tests.plans.factories import ParticipantFactory, PlanFactory


@pytest.fixture
def plan(service_user, coordinator):
    return PlanFactory(service_user=service_user, coordinator=coordinator)


@pytest.fixture
def dps(home):
    return factories.dps_for(home, name="DPS Indre Sogn")


@pytest.fixture
def dps_clinician(dps, plan):
    factories.ConsentFactory(service_user=plan.service_user, organisation=dps)
    ParticipantFactory(plan=plan, organisation=dps, access_from=datetime.date(2025, 1, 1))
    return factories.member_of(dps, role=Membership.Role.INTAKE, username="dps-klinikar")


@pytest.fixture
def expired_clinician(home, plan):
    dps = factories.dps_for(home, name="DPS Nordfjord")
    factories.ConsentFactory(service_user=plan.service_user, organisation=dps)
    ParticipantFactory(
        plan=plan,
        organisation=dps,
        access_from=datetime.date(2025, 1, 1),
        access_until=datetime.date(2025, 6, 30),
    )
    return factories.member_of(dps, role=Membership.Role.INTAKE, username="tidlegare-klinikar")


@pytest.fixture
def council_reader(db):
    council = factories.OrganisationFactory(name="Sogn regionråd", kind=Organisation.Kind.COUNCIL)
    return factories.member_of(council, role=Membership.Role.COUNCIL_READER, username="radslesar")
