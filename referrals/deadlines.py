"""The legal clock: a specialist unit must assess a referral within 10 working
days of receiving it (patient and user rights act § 2-2).

The day of receipt is not counted; the deadline is the 10th working day after
it. Working days skip Saturdays, Sundays and Norwegian public holidays, taken
from the `holidays` package. Its Norwegian calendar lists Sundays as holidays
only when asked to (`include_sundays`), and never Christmas Eve or New Year's
Eve, which are working days; weekends are skipped here by weekday either way.
Emergencies get a same-day clock.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

from referrals.choices import Urgency

ASSESSMENT_WORKING_DAYS = 10


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[datetime.date]:
    calendar = holidays.country_holidays("NO", years=year)
    return frozenset(calendar.keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `start` (`start` itself is not counted).

    n=0 returns `start` unchanged, whether or not it is a working day.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    counted = 0
    while counted < n:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start)."""
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def assessment_deadline(received_on: datetime.date, urgency: str) -> datetime.date:
    """The last day the referral may be assessed within the legal limit."""
    if urgency == Urgency.EMERGENCY:
        return received_on
    return add_working_days(received_on, ASSESSMENT_WORKING_DAYS)
