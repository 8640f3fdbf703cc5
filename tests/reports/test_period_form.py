"""Picking the report's period: quarters, years, from–to, and the previous period."""

import datetime

import pytest
import time_machine

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


def test_the_previous_period_has_the_same_length_and_ends_the_day_before():
    year = Period.year(2024)
    assert year.days == 366
    assert year.previous() == Period(d(2022, 12, 31), d(2023, 12, 31))


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


def test_a_whole_leap_year_is_allowed_but_a_day_more_is_not():
    assert PeriodForm({"from": "2024-01-01", "to": "2024-12-31"}).is_valid()
    assert not PeriodForm({"from": "2024-01-01", "to": "2025-01-01"}).is_valid()


def test_an_empty_form_says_what_to_choose():
    form = PeriodForm({"language": "nn"})
    assert not form.is_valid()
    assert form.non_field_errors()


@time_machine.travel(datetime.datetime(2026, 2, 10, 12, tzinfo=datetime.UTC))
def test_the_default_is_the_last_whole_quarter():
    assert default_quarter() == Period.quarter(2025, 4)
