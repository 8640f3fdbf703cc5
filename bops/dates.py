"""Plausible date windows, in one place.

Every date BOPS accepts -- in a form, the API, admin, a filter in the
address -- lies in the window for its kind. Outside it the answer is the
field's error ("must be between 01.01.1990 and 31.12.2031"), never a date
that breaks arithmetic later (year 1 minus a day, year 9999 plus a day) or
makes nonsense in a report.

A window has a fixed earliest date and a latest date a number of years
after today, so it moves with time and needs no yearly edit. A window is a
validator: model fields, form fields, serializer fields and filters all
take it as ``validators=[dates.STAY]``; filters use `DateFilter` and
`DateFromToRangeFilter` below.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@deconstructible(path="bops.dates.DateWindow")
class DateWindow:
    """Dates from `earliest` to `years_ahead` years after today (inclusive)."""

    def __init__(self, name: str, earliest: datetime.date, years_ahead: int):
        self.name = name
        self.earliest = earliest
        self.years_ahead = years_ahead

    def bounds(self, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        today = today or timezone.localdate()
        return self.earliest, _years_after(today, self.years_ahead)

    def __contains__(self, value) -> bool:
        if isinstance(value, datetime.datetime):
            value = value.date()
        earliest, latest = self.bounds()
        return earliest <= value <= latest

    def __call__(self, value) -> None:
        if value is None or value in self:
            return
        earliest, latest = self.bounds()
        raise ValidationError(
            _("The date must be between %(earliest)s and %(latest)s."),
            code="date_outside_window",
            params={
                "earliest": date_format(earliest, "SHORT_DATE_FORMAT"),
                "latest": date_format(latest, "SHORT_DATE_FORMAT"),
            },
        )

    def __eq__(self, other) -> bool:
        return isinstance(other, DateWindow) and (
            self.name,
            self.earliest,
            self.years_ahead,
        ) == (other.name, other.earliest, other.years_ahead)

    def __hash__(self) -> int:
        return hash((self.name, self.earliest, self.years_ahead))

    def __repr__(self) -> str:
        return f"DateWindow({self.name!r})"


# The windows. Earliest dates are fixed; the latest move with today.
#: Dates of birth: the oldest person alive was born after 1900; nobody is
#: registered before birth.
BIRTH = DateWindow("birth", datetime.date(1900, 1, 1), 0)
#: Things that happened or were registered: consents, assessments,
#: applications -- one year ahead for a paper dated in advance.
RECORD = DateWindow("record", datetime.date(1990, 1, 1), 1)
#: Stays and purchased care: moving in and out, contract periods.
STAY = DateWindow("stay", datetime.date(1990, 1, 1), 5)
#: Deadlines, planned starts and offers' last day.
DEADLINE = DateWindow("deadline", datetime.date(2000, 1, 1), 2)
#: Individual and crisis plans.
PLAN = DateWindow("plan", datetime.date(1990, 1, 1), 2)
#: Report and occupancy periods.
REPORT = DateWindow("report", datetime.date(2000, 1, 1), 1)
#: Any date in a search filter: the widest of the windows above.
FILTER = DateWindow("filter", datetime.date(1900, 1, 1), 5)

WINDOWS = {w.name: w for w in (BIRTH, RECORD, STAY, DEADLINE, PLAN, REPORT, FILTER)}


class _WindowedDateRangeField(django_filters.fields.DateRangeField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields:
            field.validators.append(FILTER)


class DateFilter(django_filters.DateFilter):
    """A date in a filter: outside `FILTER` a field error (400 in the API)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", []).append(FILTER)
        super().__init__(*args, **kwargs)


class DateFromToRangeFilter(django_filters.DateFromToRangeFilter):
    """`<name>_after` and `<name>_before`, each inside `FILTER`."""

    field_class = _WindowedDateRangeField


def date_field(window: DateWindow, **kwargs) -> forms.DateField:
    """A form date field inside `window`."""
    kwargs.setdefault("validators", []).append(window)
    return forms.DateField(**kwargs)
