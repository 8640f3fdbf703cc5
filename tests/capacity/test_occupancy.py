"""Occupancy, bed-days and the cost split against hand-computed cases."""

import datetime
from decimal import Decimal

import pytest

from capacity.occupancy import bed_days_by_municipality, cost_split, occupancy
from tests import factories
from tests.capacity.conftest import place

D = datetime.date


@pytest.fixture
def march(residence, home, elsewhere):
    """Six places; in 1–10 March 2026 Lærdal pays 3 + 8 nights and Vik 3."""

    def stay(code, start, end, municipality):
        factories.StayFactory(
            place=place(residence, code),
            start=start,
            end=end,
            end_reason="planned" if end else "",
            paying_municipality=municipality,
        )

    stay("A1", D(2026, 2, 20), D(2026, 3, 4), home)  # nights 1, 2, 3 March
    stay("A2", D(2026, 3, 3), None, home)  # nights 3–10 March (ongoing)
    stay("B1", D(2026, 3, 5), D(2026, 3, 8), elsewhere)  # nights 5, 6, 7 March
    stay("A3", D(2026, 3, 11), None, home)  # after the period
    stay("A4", D(2026, 1, 1), D(2026, 3, 1), elsewhere)  # left on 1 March: not that night
    return residence


def test_occupancy_counts_each_night_of_the_period(march):
    days = occupancy(march, D(2026, 3, 1), D(2026, 3, 10))
    assert [d.date for d in days] == [D(2026, 3, n) for n in range(1, 11)]
    assert [d.occupied for d in days] == [1, 1, 2, 1, 2, 2, 2, 1, 1, 1]
    assert {d.active_places for d in days} == {6}
    assert days[2].utilisation == pytest.approx(2 / 6)


def test_occupancy_of_one_day(march):
    [day] = occupancy(march, D(2026, 3, 5), D(2026, 3, 5))
    assert (day.date, day.occupied) == (D(2026, 3, 5), 2)


def test_occupancy_refuses_a_reversed_period(march):
    with pytest.raises(ValueError):
        occupancy(march, D(2026, 3, 10), D(2026, 3, 1))


def test_bed_days_are_counted_per_paying_municipality(march, home, elsewhere):
    assert bed_days_by_municipality(march, D(2026, 3, 1), D(2026, 3, 10)) == {
        home.pk: 11,
        elsewhere.pk: 3,
    }


def test_bed_days_equal_the_sum_of_the_daily_occupancy(march):
    days = occupancy(march, D(2026, 2, 1), D(2026, 4, 30))
    nights = bed_days_by_municipality(march, D(2026, 2, 1), D(2026, 4, 30))
    assert sum(d.occupied for d in days) == sum(nights.values())


def test_occupancy_query_count_does_not_grow_with_the_period(march, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        occupancy(march, D(2026, 1, 1), D(2027, 12, 31))


@pytest.fixture
def year_2026(residence, home, elsewhere):
    """Lærdal (1 000 people) 100 nights, Vik (3 000 people) 300 nights in 2026."""
    home.population, elsewhere.population = 1000, 3000
    home.save()
    elsewhere.save()
    residence.organisation.catchment.set([home, elsewhere])
    factories.CostKeyFactory(residence=residence, year=2026, budget=3_650_000)
    factories.StayFactory(
        place=place(residence, "A1"),
        start=D(2026, 1, 1),
        end=D(2026, 4, 11),
        end_reason="planned",
        paying_municipality=home,
    )
    factories.StayFactory(
        place=place(residence, "A2"), start=D(2026, 3, 7), paying_municipality=elsewhere
    )
    return residence


def test_the_cost_split_is_fixed_by_population_and_use_by_bed_days(year_2026, home, elsewhere):
    factories.PrivatePurchaseFactory(
        municipality=home, daily_cost=5000, start_date=D(2025, 12, 1), end_date=D(2026, 1, 10)
    )
    factories.PrivatePurchaseFactory(
        municipality=elsewhere, daily_cost=6500, start_date=D(2026, 12, 30)
    )
    split = cost_split(year_2026, D(2026, 1, 1), D(2026, 12, 31))
    rows = {s.municipality.pk: s for s in split.shares}
    assert split.budget == Decimal(3_650_000)
    # fixed 30 % = 1 095 000 split 1:3; use 70 % = 2 555 000 split 100:300 nights.
    assert (rows[home.pk].bed_days, rows[elsewhere.pk].bed_days) == (100, 300)
    assert (rows[home.pk].fixed_cost, rows[home.pk].use_cost) == (273_750, 638_750)
    assert (rows[elsewhere.pk].fixed_cost, rows[elsewhere.pk].use_cost) == (821_250, 1_916_250)
    assert rows[home.pk].total + rows[elsewhere.pk].total == 3_650_000
    # private places for comparison: 10 days × 5 000 and 2 days × 6 500.
    assert (rows[home.pk].private_cost, rows[elsewhere.pk].private_cost) == (50_000, 13_000)


def test_a_period_across_new_year_uses_each_years_cost_key(year_2026, home, elsewhere):
    factories.CostKeyFactory(residence=year_2026, year=2027, budget=7_300_000)
    split = cost_split(year_2026, D(2026, 12, 1), D(2027, 1, 31))
    # 31/365 of each year's budget: 310 000 + 620 000.
    assert split.budget == Decimal(930_000)
    assert sum(s.total for s in split.shares) == 930_000
    assert split.missing_years == []


def test_a_year_without_a_cost_key_is_reported_missing(year_2026):
    split = cost_split(year_2026, D(2025, 12, 1), D(2026, 1, 31))
    assert split.missing_years == [2025]
    assert split.budget == Decimal(310_000)


def test_municipalities_outside_the_catchment_get_a_share_without_a_query_each(
    year_2026, django_assert_max_num_queries
):
    outside = [factories.MunicipalityFactory(population=1000) for _ in range(6)]
    for municipality in outside:
        factories.PrivatePurchaseFactory(
            municipality=municipality, daily_cost=1000, start_date=D(2026, 6, 1)
        )
    with django_assert_max_num_queries(5):
        split = cost_split(year_2026, D(2026, 1, 1), D(2026, 12, 31))
    rows = {s.municipality.pk: s for s in split.shares}
    # Outside the catchment: no population share, but their private purchases shown.
    for municipality in outside:
        assert rows[municipality.pk].fixed_cost == 0
        assert rows[municipality.pk].private_cost == 214 * 1000
