"""The period a report covers: whole days, both ends included.

The council report is made for whole calendar months, quarters and years
only (`Period.unit`): two reports whose periods differ by a day or a week
would let a reader subtract one from the other and see the few people of
that day (issue 16 §5).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


class PeriodNotBegun(ValueError):
    """A report for days that have not happened yet."""


MONTH, QUARTER, YEAR = "month", "quarter", "year"


def _month_start(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after (or before) `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


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

    @property
    def unit(self) -> str | None:
        """ "month", "quarter" or "year" when the period (as asked, before a
        cut at today) is exactly one calendar month, quarter or year; None
        for any other run of days."""
        start, end = self.start, self.asked_end or self.end
        if start.day != 1:
            return None
        for unit, months in ((MONTH, 1), (QUARTER, 3), (YEAR, 12)):
            if end == _month_start(start, months) - datetime.timedelta(days=1):
                if unit == QUARTER and start.month % 3 != 1:
                    return None
                if unit == YEAR and start.month != 1:
                    return None
                return unit
        return None

    @property
    def is_whole(self) -> bool:
        return self.unit is not None

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        start = datetime.date(year, month, 1)
        return cls(start, _month_start(start, 1) - datetime.timedelta(days=1))

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
        """The period just before this one: the baseline for trends.

        For a whole month, quarter or year, the month, quarter or year before
        (the second quarter is compared with the first, never with the 91
        days before 1 April, which would start on 31 December and let two
        reports differ by one day). For a period cut at today, the same
        stretch of the period asked for before it: 1.1.–1.12. this year is
        compared with 1.1.–1.12. last year, not with the 335 days before 1.1.
        Any other run of days: the same number of days just before."""
        months = {MONTH: 1, QUARTER: 3, YEAR: 12}.get(self.unit)
        if months:
            start = _month_start(self.start, -months)
            whole = Period(start, self.start - datetime.timedelta(days=1))
            if not self.is_cut:
                return whole
            return Period(start, min(whole.end, start + datetime.timedelta(days=self.days - 1)))
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
