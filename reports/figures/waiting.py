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
from reports.figures.base import Fact, Table
from reports.figures.capacity import residences_in_region
from reports.period import Period
from reports.suppression import Cell, SuppressedTable, count_cell, mean_cell


def _applications(residences):
    if not residences:
        return Application.objects.none()
    return Application.objects.filter(residence__in=residences)


def waiting_by_priority(day, residences=None) -> dict[int, int]:
    """Applications on the waiting list at the end of `day`, per priority (one
    query), to the given residences (default: every residence of the region)."""
    if residences is None:
        residences = residences_in_region(Period(day, day))
    rows = (
        _applications(residences)
        .waiting_on(day)
        .order_by()
        .values("priority")
        .annotate(n=Count("pk"))
    )
    return {row["priority"]: row["n"] for row in rows}


def waiting_list_length(period: Period, residences) -> Cell:
    """The total as the table prints it, so the summary never shows a total the
    table had to hide."""
    counts = waiting_by_priority(period.end, residences)
    rows = [(str(p), [counts.get(p, 0)]) for p in Application.Priority]
    return SuppressedTable(rows, column_totals=True).column_totals[0]


def waiting_list_fact(period: Period, residences=None) -> Fact:
    residences = residences_in_region(period) if residences is None else residences
    value = waiting_list_length(period, residences)
    previous = waiting_list_length(period.previous(), residences)
    return trends.count_fact(
        _("Waiting list"),
        value,
        previous,
        _("%(count)s applications were waiting for a place at the end of the period.")
        % {"count": value.text},
    )


def waiting_table(period: Period, residences) -> Table:
    now = waiting_by_priority(period.end, residences)
    before = waiting_by_priority(period.previous().end, residences)
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


def _waiting_times(period: Period, residences) -> dict:
    return _applications(residences).admitted_in(period.start, period.end).waiting_time_summary()


def _days(value, count: int, suffix: str) -> Cell:
    """A median of an even number of waits ends in .5: show that half day."""
    whole = value is None or float(value).is_integer()
    return mean_cell(value, count, suffix, decimals=0 if whole else 1)


def waiting_time_facts(period: Period, residences) -> list[Fact]:
    now = _waiting_times(period, residences)
    before = _waiting_times(period.previous(), residences)
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


def residence_body(period: Period, residence) -> tuple[list[Fact], list[Table]]:
    """The waiting facts and table of one residence's section."""
    residences = [residence]
    facts = [waiting_list_fact(period, residences), *waiting_time_facts(period, residences)]
    return facts, [waiting_table(period, residences)]
