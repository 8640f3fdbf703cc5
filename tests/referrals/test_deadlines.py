"""The legal clock, with dates checked by hand against a calendar."""

import datetime

import pytest
import time_machine

from referrals.choices import Urgency
from referrals.deadlines import add_working_days, assessment_deadline, is_working_day

D = datetime.date


def test_easter_and_may_day_are_skipped():
    # Received Mon 14.04.2025. Maundy Thursday 17th, Good Friday 18th, Easter
    # Monday 21st and 1 May are holidays: Tue 15, Wed 16, Tue 22 ... Wed 30 are
    # days 1-9, Friday 2 May is day 10.
    assert assessment_deadline(D(2025, 4, 14), "ordinary") == D(2025, 5, 2)


def test_ascension_17_may_and_whit_monday_are_skipped():
    # Received Mon 06.05.2024: Ascension Thu 9th, Constitution Day Fri 17th and
    # Whit Monday 20th are holidays, so day 10 is Thursday 23 May.
    assert assessment_deadline(D(2024, 5, 6), "ordinary") == D(2024, 5, 23)


def test_christmas_eve_and_new_years_eve_are_working_days():
    # Received Fri 19.12.2025: 22, 23, 24 (Christmas Eve), 29, 30, 31 (New
    # Year's Eve), 2, 5, 6 and 7 January 2026.
    assert assessment_deadline(D(2025, 12, 19), "ordinary") == D(2026, 1, 7)
    assert is_working_day(D(2025, 12, 24))
    assert is_working_day(D(2025, 12, 31))
    assert not is_working_day(D(2025, 12, 25))
    assert not is_working_day(D(2025, 12, 26))
    assert not is_working_day(D(2026, 1, 1))


def test_prioritised_referrals_have_the_same_ten_days():
    assert assessment_deadline(D(2025, 12, 19), "prioritised") == D(2026, 1, 7)


def test_an_emergency_is_due_the_day_it_arrives_even_on_a_holiday():
    assert assessment_deadline(D(2025, 12, 25), Urgency.EMERGENCY) == D(2025, 12, 25)


def test_a_referral_received_on_a_saturday_counts_from_monday():
    # Sat 21.11.2026: Mon 23 is day 1, Fri 4 December is day 10.
    assert assessment_deadline(D(2026, 11, 21), "ordinary") == D(2026, 12, 4)


def test_the_day_of_receipt_is_not_counted():
    assert add_working_days(D(2025, 12, 23), 1) == D(2025, 12, 24)
    assert add_working_days(D(2025, 12, 30), 1) == D(2025, 12, 31)
    assert add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 2)
    assert add_working_days(D(2025, 4, 16), 0) == D(2025, 4, 16)


def test_sundays_are_never_working_days_whatever_the_calendar_says():
    assert not is_working_day(D(2025, 4, 20))  # Easter Sunday
    assert not is_working_day(D(2025, 6, 8))  # Whit Sunday
    assert not is_working_day(D(2026, 5, 17))  # 17 May on a Sunday


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2025, 1, 1), -1)


@pytest.mark.django_db
def test_receiving_sets_the_stored_deadline_from_the_day_of_arrival(draft, coordinator):
    with time_machine.travel(datetime.datetime(2025, 12, 19, 9, 0, tzinfo=datetime.UTC)):
        draft.send(by=coordinator)
    draft.refresh_from_db()
    assert draft.received_at is not None
    assert draft.assessment_deadline == D(2026, 1, 7)
