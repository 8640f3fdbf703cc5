"""Picking the report's period: quarters, years, from–to, and the previous period."""

import datetime

import pytest
import time_machine
from django.utils import translation

from reports.forms import PeriodForm, default_quarter
from reports.period import Period

d = datetime.date


@pytest.mark.parametrize(
    "quarter, start, end",
    [
        (1, d(2024, 1, 1), d(2024, 3, 31)),
        (2, d(2024, 4, 1), d(2024, 6, 30)),
        (4, d(2024, 10, 1), d(2024, 12, 31)),
    ],
)
def test_a_quarter_runs_from_its_first_to_its_last_day(quarter, start, end):
    assert Period.quarter(2024, quarter) == Period(start, end)


def test_the_previous_period_is_the_month_quarter_or_year_before():
    year = Period.year(2024)
    assert year.days == 366
    assert year.previous() == Period.year(2023)
    assert Period.quarter(2025, 2).previous() == Period.quarter(2025, 1)
    assert Period.quarter(2025, 1).previous() == Period.quarter(2024, 4)
    assert Period.month(2025, 3).previous() == Period.month(2025, 2)


@pytest.mark.parametrize(
    "start, end, unit",
    [
        (d(2025, 1, 1), d(2025, 12, 31), "year"),
        (d(2025, 4, 1), d(2025, 6, 30), "quarter"),
        (d(2024, 2, 1), d(2024, 2, 29), "month"),
        (d(2025, 1, 1), d(2025, 12, 30), None),  # a day short of the year
        (d(2025, 1, 2), d(2025, 12, 31), None),
        (d(2025, 2, 1), d(2025, 4, 30), None),  # three months, not a quarter
        (d(2025, 7, 1), d(2026, 6, 30), None),  # twelve months, not a year
        (d(2025, 3, 3), d(2025, 3, 9), None),
    ],
)
def test_only_whole_months_quarters_and_years_are_periods_of_a_report(start, end, unit):
    assert Period(start, end).unit == unit
    with translation.override("en"):
        form = PeriodForm({"from": start.isoformat(), "to": end.isoformat()})
        assert form.is_valid() is (unit is not None)
        if unit is None:
            assert "whole month, quarter or year" in " ".join(form.errors["to"])


def test_the_form_makes_a_month_and_refuses_a_month_with_a_quarter():
    form = PeriodForm({"year": "2025", "month": "2"})
    assert form.is_valid(), form.errors
    assert form.period == Period(d(2025, 2, 1), d(2025, 2, 28))
    form = PeriodForm({"year": "2025", "month": "2", "quarter": "1"})
    assert not form.is_valid()
    assert "month" in form.errors


def test_a_purchase_is_clipped_to_the_period():
    q1 = Period.quarter(2025, 1)
    assert q1.overlap_days(d(2024, 1, 1), None) == 90
    assert q1.overlap_days(d(2025, 3, 31), d(2025, 5, 1)) == 1
    assert q1.overlap_days(d(2024, 1, 1), d(2024, 12, 31)) == 0


def test_the_form_turns_a_year_and_quarter_into_a_period():
    form = PeriodForm({"year": "2025", "quarter": "3"})
    assert form.is_valid(), form.errors
    assert form.period == Period.quarter(2025, 3)
    form = PeriodForm({"year": "2025"})
    assert form.is_valid(), form.errors
    assert form.period == Period.year(2025)


def test_the_form_asks_for_both_ends_of_a_from_to_period():
    form = PeriodForm({"from": "2025-01-01"})
    assert not form.is_valid()
    assert "to" in form.errors


def test_a_whole_leap_year_is_allowed_but_a_day_more_is_not(db):
    assert PeriodForm({"from": "2024-01-01", "to": "2024-12-31"}).is_valid()
    assert not PeriodForm({"from": "2024-01-01", "to": "2025-01-01"}).is_valid()


def test_an_empty_form_says_what_to_choose():
    form = PeriodForm({"language": "nn"})
    assert not form.is_valid()
    assert form.non_field_errors()


@time_machine.travel(datetime.datetime(2026, 2, 10, 12, tzinfo=datetime.UTC))
def test_the_default_is_the_last_whole_quarter():
    assert default_quarter() == Period.quarter(2025, 4)
