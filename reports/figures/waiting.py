"""Waiting: the waiting list at the end of the period by priority, and the waiting
time from application to admission (median and longest).

Both come from the capacity app's Application QuerySet: `waiting_on(day)` (the
list as it stood at the end of a day) and `admitted_in(...)`
`.waiting_time_summary()` (application to admission, in days).
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from capacity.models import Application
from reports.figures import trends
from reports.figures.base import Fact, Section, Table
from reports.figures.capacity import shared_residence
from reports.period import Period
from reports.suppression import Cell, SuppressedTable, count_cell, mean_cell


def _applications():
    residence = shared_residence()
    return (
        Application.objects.filter(residence=residence) if residence else Application.objects.none()
    )


def waiting_by_priority(day) -> dict[int, int]:
    """Applications on the waiting list at the end of `day`, per priority (one query)."""
    rows = _applications().waiting_on(day).order_by().values("priority").annotate(n=Count("pk"))
    return {row["priority"]: row["n"] for row in rows}


def waiting_list_length(period: Period) -> Cell:
    """The total as the table prints it, so the summary never shows a total the
    table had to hide."""
    counts = waiting_by_priority(period.end)
    rows = [(str(p), [counts.get(p, 0)]) for p in Application.Priority]
    return SuppressedTable(rows, column_totals=True).column_totals[0]


def waiting_list_fact(period: Period) -> Fact:
    value, previous = waiting_list_length(period), waiting_list_length(period.previous())
    return trends.count_fact(
        _("Waiting list"),
        value,
        previous,
        _("%(count)s applications were waiting for a place at the end of the period.")
        % {"count": value.text},
    )


def waiting_table(period: Period) -> Table:
    now = waiting_by_priority(period.end)
    before = waiting_by_priority(period.previous().end)
    # The same words as the waiting list in the app: the model's labels.
    rows = [
        (capfirst(str(priority.label)), [now.get(priority, 0), before.get(priority, 0)])
        for priority in Application.Priority
    ]
    return Table(
        caption=_("Waiting list at the end of the period by priority"),
        row_heading=pgettext("council report", "Priority"),
        columns=[
            pgettext("council report", "End of this period"),
            pgettext("council report", "End of the previous period"),
        ],
        table=SuppressedTable(rows, column_totals=True),
        totals_label=pgettext("council report", "All priorities"),
        note=_(
            "Applications for a place that were made by the last day of the period and "
            "had not yet led to an admission, a withdrawal or a refusal."
        ),
    )


def _waiting_times(period: Period) -> dict:
    return _applications().admitted_in(period.start, period.end).waiting_time_summary()


def _days(value, count: int, suffix: str) -> Cell:
    """A median of an even number of waits ends in .5: show that half day."""
    whole = value is None or float(value).is_integer()
    return mean_cell(value, count, suffix, decimals=0 if whole else 1)


def waiting_time_facts(period: Period) -> list[Fact]:
    now, before = _waiting_times(period), _waiting_times(period.previous())
    days = " " + pgettext("council report", "days")
    facts = []
    for label, key, sentence in (
        (
            pgettext("council report", "Waiting time, median"),
            "median",
            _(
                "Half of the %(count)s people admitted in the period waited %(days)s or "
                "less from the application to the admission."
            ),
        ),
        (
            pgettext("council report", "Longest waiting time"),
            "longest",
            _("The longest wait from application to admission was %(days)s."),
        ),
    ):
        value = _days(now[key], now["count"], days)
        previous = _days(before[key], before["count"], days)
        facts.append(
            trends.count_fact(
                label,
                value,
                previous,
                sentence % {"count": count_cell(now["count"]).text, "days": value.text},
            )
        )
    return facts


def build(period: Period) -> Section:
    return Section(
        key="waiting",
        title=_("Waiting"),
        intro=_("Who was waiting for a place, and for how long."),
        facts=[waiting_list_fact(period), *waiting_time_facts(period)],
        tables=[waiting_table(period)],
    )
