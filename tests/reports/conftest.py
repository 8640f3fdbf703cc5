"""A small world for the council report: the nine municipalities and some private
purchases, a few of them crossing the edges of the first quarter of 2025."""

import datetime

import pytest

from tests import factories

NINE = [
    ("1421", "Aurland"),
    ("1418", "Balestrand"),
    ("3042", "Hemsedal"),
    ("1419", "Leikanger"),
    ("1426", "Luster"),
    ("1422", "Lærdal"),
    ("1420", "Sogndal"),
    ("1417", "Vik"),
    ("1424", "Årdal"),
]

Q1_2025 = (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))


@pytest.fixture
def nine_municipalities(db):
    return {name: factories.MunicipalityFactory(number=number, name=name) for number, name in NINE}


def buy(municipality, start, end=None, daily_cost=6500, born=datetime.date(1985, 3, 14)):
    person = factories.ServiceUserFactory(home_municipality=municipality, born=born)
    return factories.PrivatePurchaseFactory(
        service_user=person,
        municipality=municipality,
        daily_cost=daily_cost,
        start_date=start,
        end_date=end,
    )


@pytest.fixture
def report_world(nine_municipalities):
    """Aurland buys 3 places (a small count), Sogndal 7, Lærdal 12; some purchases
    start before or end after the quarter, one ended before it, one starts after."""
    m = nine_municipalities
    d = datetime.date
    purchases = [
        buy(m["Aurland"], d(2024, 11, 1), None, 5200),
        buy(m["Aurland"], d(2025, 2, 10), d(2025, 2, 28), 7000),
        buy(m["Aurland"], d(2024, 12, 20), d(2025, 1, 5), 6100),
    ]
    purchases += [
        buy(m["Sogndal"], d(2025, 1, 1) + datetime.timedelta(days=9 * i), None, 4800 + 100 * i)
        for i in range(7)
    ]
    purchases += [buy(m["Lærdal"], d(2024, 6, 1), d(2025, 6, 30), 6600 + 50 * i) for i in range(12)]
    # Outside the quarter: must count for nothing in it.
    purchases.append(buy(m["Vik"], d(2024, 1, 1), d(2024, 12, 31), 9000))
    purchases.append(buy(m["Luster"], d(2025, 4, 1), None, 9000))
    return purchases


@pytest.fixture
def council(db):
    """Sogn regionråd, its region the nine municipalities."""
    council = factories.OrganisationFactory(name="Sogn regionråd", kind="council")
    council.catchment.set(
        factories.MunicipalityFactory(number=number, name=name) for number, name in NINE
    )
    return council


@pytest.fixture
def council_reader(council):
    return factories.member_of(council, role="council_reader", username="regionrad")


@pytest.fixture
def residence_lead(council):
    """The lead of a residence in Lærdal, in the council's region."""
    residence = factories.OrganisationFactory(
        name="Bufellesskapet Lærdal",
        kind="residence",
        municipality=factories.MunicipalityFactory(number="1422", name="Lærdal"),
    )
    return factories.member_of(residence, role="residence_lead", username="inntak")
