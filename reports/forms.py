"""The period picker: a whole month, quarter or year, by choice or from–to.

Only whole calendar months, quarters and years are reports (see
reports/period.py): any other from–to range is a field error, so two reports
can never differ by a few days."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops import dates
from bops.formats import format_date
from municipalities.forms import DateInput
from reports.pdf import DEFAULT_LANGUAGE
from reports.period import Period

QUARTER_CHOICES = [
    ("", _("The whole year")),
    ("1", _("1st quarter (January–March)")),
    ("2", _("2nd quarter (April–June)")),
    ("3", _("3rd quarter (July–September)")),
    ("4", _("4th quarter (October–December)")),
]

MONTH_CHOICES = [
    ("", _("No month")),
    ("1", _("January")),
    ("2", _("February")),
    ("3", _("March")),
    ("4", _("April")),
    ("5", _("May")),
    ("6", _("June")),
    ("7", _("July")),
    ("8", _("August")),
    ("9", _("September")),
    ("10", _("October")),
    ("11", _("November")),
    ("12", _("December")),
]


def whole_period_message() -> str:
    return str(
        _(
            "A report covers a whole month, quarter or year: from the first day of a "
            "month to the last day of that month, of its quarter or of the year "
            "(for example 01.04.2025–30.06.2025). Other periods are not made, so that "
            "two reports cannot be subtracted to show a few people."
        )
    )


class PeriodForm(forms.Form):
    """Either `from` and `to` (a whole month, quarter or year), or `year` with
    an optional `quarter` or `month`.

    The field names are the query parameters of /reports/council/, so a link
    like ?from=2025-01-01&to=2025-03-31 is the report itself.
    """

    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=QUARTER_CHOICES, required=False, coerce=int, empty_value=None
    )
    month = forms.TypedChoiceField(
        label=_("Month"), choices=MONTH_CHOICES, required=False, coerce=int, empty_value=None
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES, required=False, initial=DEFAULT_LANGUAGE
    )

    def __init__(self, *args, councils=None, everywhere: bool = True, **kwargs):
        """`councils`: those whose report the user may ask for (a select when
        there is more than one; none: the report of every municipality).
        `everywhere`: whether the user may ask for every municipality at once
        (an administrator), the select's empty choice."""
        super().__init__(*args, **kwargs)
        self.everywhere = everywhere
        if councils is not None:
            self.fields["council"] = forms.ModelChoiceField(
                label=_("Council"),
                queryset=councils,
                required=False,
                empty_label=_("Every municipality in BOPS") if everywhere else None,
            )
        # "from" is a Python keyword, so these two are added by name.
        # Text fields for dd.mm.yyyy like every other form (a browser's own
        # date picker shows mm/dd/yyyy in some locales); ISO dates in a link
        # such as ?from=2025-01-01 are accepted too.
        self.fields["from"] = forms.DateField(
            label=_("From"),
            required=False,
            widget=DateInput(),
            help_text=_("dd.mm.yyyy"),
            validators=[dates.REPORT],
        )
        self.fields["to"] = forms.DateField(
            label=_("To"),
            required=False,
            widget=DateInput(),
            help_text=_("dd.mm.yyyy"),
            validators=[dates.REPORT],
        )
        self.fields["year"].initial = timezone.localdate().year

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or DEFAULT_LANGUAGE

    def clean_council(self):
        """None (every municipality) only for an administrator; a user with
        one council gets it without choosing."""
        council = self.cleaned_data.get("council")
        if council is not None or self.everywhere:
            return council
        councils = list(self.fields["council"].queryset[:2])
        if len(councils) == 1:
            return councils[0]
        raise forms.ValidationError(_("Choose the council whose report you want."))

    @property
    def several_councils(self) -> bool:
        """Whether the page shows the council select: when there is a choice,
        or when the council asked for in the link was refused (its error
        is shown beside the select)."""
        field = self.fields.get("council")
        if field is None:
            return False
        if self.is_bound and "council" in self.errors:
            return True
        return self.everywhere or field.queryset.count() > 1

    def clean(self):
        data = super().clean()
        start, end, year = data.get("from"), data.get("to"), data.get("year")
        if self.errors:
            return data
        if start or end:
            if not start:
                self.add_error("from", _("Give the first day of the period."))
            if not end:
                self.add_error("to", _("Give the last day of the period."))
            if start and end:
                if end < start:
                    self.add_error("to", _("The last day cannot be before the first day."))
                elif not Period(start, end).is_whole:
                    self.add_error("to", whole_period_message())
                else:
                    data["period"] = Period(start, end)
        elif year:
            quarter, month = data.get("quarter"), data.get("month")
            if quarter and month:
                self.add_error("month", _("Choose a quarter or a month, not both."))
            elif month:
                data["period"] = Period.month(year, month)
            else:
                data["period"] = Period.quarter(year, quarter) if quarter else Period.year(year)
        else:
            raise forms.ValidationError(_("Choose a quarter, a year, or a first and last day."))
        period = data.get("period")
        if period is not None and period.start > timezone.localdate():
            # A period reaching into the future is cut at today; one that has
            # not begun has no figures at all.
            self.add_error(
                "from" if start else "year",
                _("The period has not begun yet: it starts on %(start)s.")
                % {"start": format_date(period.start)},
            )
        return data

    @property
    def period(self) -> Period:
        return self.cleaned_data["period"]


def default_quarter(today: datetime.date | None = None) -> Period:
    """The last whole quarter: what a council meeting usually discusses."""
    today = today or timezone.localdate()
    quarter = (today.month - 1) // 3  # the current quarter's index 0..3 = last one's number
    if quarter == 0:
        return Period.quarter(today.year - 1, 4)
    return Period.quarter(today.year, quarter)


@dataclass(frozen=True)
class PeriodChoice:
    label: str
    query: str
    start: datetime.date
    end: datetime.date


def recent_periods(today: datetime.date | None = None, quarters: int = 4) -> list[PeriodChoice]:
    """The last whole quarters and the last whole year, newest first: the
    reports a council reader most often opens again."""
    today = today or timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    choices = []
    for _i in range(quarters):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        period = Period.quarter(year, quarter)
        label = _("%(quarter)s. quarter %(year)s") % {"quarter": quarter, "year": year}
        choices.append(
            PeriodChoice(str(label), f"year={year}&quarter={quarter}", period.start, period.end)
        )
    last_year = today.year - 1
    whole = Period.year(last_year)
    choices.append(
        PeriodChoice(
            str(_("The whole year %(year)s") % {"year": last_year}),
            f"year={last_year}",
            whole.start,
            whole.end,
        )
    )
    return choices
