"""Shared set-up for the residence page tests: a fixed today and a few people."""

import datetime

import pytest
import time_machine

from tests import factories
from tests.capacity.conftest import place

TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def today():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 10, tzinfo=datetime.UTC), tick=False):
        yield TODAY


def resident(residence, code, municipality, start=datetime.date(2026, 1, 1), **names):
    person = factories.ServiceUserFactory(home_municipality=municipality, **names)
    return factories.StayFactory(service_user=person, place=place(residence, code), start=start)


def applicant(residence, municipality, applied_on=datetime.date(2026, 2, 1), **fields):
    names = {k: fields.pop(k) for k in ("first_name", "last_name") if k in fields}
    person = factories.ServiceUserFactory(home_municipality=municipality, **names)
    return factories.ApplicationFactory(
        residence=residence, service_user=person, applied_on=applied_on, **fields
    )
