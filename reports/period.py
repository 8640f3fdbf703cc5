"""The period a report covers: whole days, both ends included."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

MAX_DAYS = 366  # one year, leap years included


class PeriodNotBegun(ValueError):
    """A report for days that have not happened yet."""


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    # The last day asked for, when it lay in the future and the period was
    # cut at today (`cut_at`); None for a period that has fully happened.
    asked_end: datetime.date | None = field(default=None, compare=False)

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    def cut_at(self, day: datetime.date) -> Period:
        """The part of the period up to and including `day` (today): figures
        never count days that have not happened. Raises PeriodNotBegun when
        the period starts after `day`."""
        if self.start > day:
            raise PeriodNotBegun("The period has not begun yet.")
        if self.end <= day:
            return self
        return Period(self.start, day, asked_end=self.asked_end or self.end)

    @property
    def is_cut(self) -> bool:
        return self.asked_end is not None

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in (1, 2, 3, 4):
            raise ValueError("A quarter is 1, 2, 3 or 4.")
        start = datetime.date(year, 3 * quarter - 2, 1)
        next_start = (
            datetime.date(year + 1, 1, 1)
            if quarter == 4
            else datetime.date(year, 3 * quarter + 1, 1)
        )
        return cls(start, next_start - datetime.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one: the baseline for trends.

        For a period cut at today, the same stretch of the period asked for
        before it: 1.1.–1.12. this year is compared with 1.1.–1.12. last year,
        not with the 335 days before 1.1."""
        if self.is_cut:
            whole = Period(self.start, self.asked_end).previous()
            return Period(whole.start, whole.start + datetime.timedelta(days=self.days - 1))
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end)

    def each_day(self):
        for offset in range(self.days):
            yield self.start + datetime.timedelta(days=offset)

    def overlap_days(self, start: datetime.date, end: datetime.date | None) -> int:
        """Days of [start, end] (open end: still running) inside this period."""
        first = max(start, self.start)
        last = min(end or self.end, self.end)
        return max((last - first).days + 1, 0)
