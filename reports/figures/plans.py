"""Individual plans: the share of the people on pathway 3 (serious and
long-lasting problems) who have an established plan, and the share who had
an evaluation of it in the twelve months up to the period's last day, per
municipality.

The counts come from `municipalities.plans.figures.plan_coverage`; they are
put in `SuppressedTable`s (with and without, row and column totals) so that
small numbers and whatever would reveal them are hidden as everywhere in
the report (reports/suppression.py).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from bops.formats import format_date
from municipalities.plans.figures import plan_coverage
from reports.figures import region as regions
from reports.figures.base import Section, Table
from reports.figures.capacity import fold, municipalities_in_report
from reports.period import Period
from reports.suppression import SuppressedTable, percentage


def _add(a: tuple, b: tuple) -> tuple:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def coverage_per_municipality(period: Period) -> tuple[list, dict]:
    """The report's municipalities and (pathway 3, with a plan, evaluated)
    per municipality id, merged municipalities counted in their successor."""
    municipalities = list(municipalities_in_report(period))
    counts = {
        row.municipality_id: (row.pathway3, row.established, row.evaluated)
        for row in plan_coverage(period.end, regions.current().municipality_ids)
    }
    return municipalities, fold(counts, period, combine=_add)


def share_table(municipalities, counts: dict, index: int, **texts) -> Table:
    """One table: per municipality those who have it and those who do not,
    the total (pathway 3) and the share who have it."""
    rows = []
    for municipality in municipalities:
        total, *having = counts.get(municipality.pk, (0, 0, 0))
        rows.append((municipality.name, [having[index], total - having[index]]))
    table = SuppressedTable(rows, row_totals=True, column_totals=True, width=2)
    extra = [[percentage(row.cells[0], row.total)] for row in table.rows]
    totals = table.column_totals
    return Table(
        row_heading=_("Municipality"),
        table=table,
        totals_label=_("All municipalities"),
        extra=extra,
        extra_totals=[percentage(totals[0], table.grand_total)],
        **texts,
    )


def plan_tables(period: Period) -> list[Table]:
    municipalities, counts = coverage_per_municipality(period)
    day = format_date(period.end)
    established = share_table(
        municipalities,
        counts,
        0,
        caption=_("People on pathway 3 with an established individual plan"),
        columns=[
            _("With an established plan"),
            _("Without an established plan"),
            _("People on pathway 3"),
        ],
        extra_columns=[_("Share with an established plan")],
        note=_(
            "People whose main pathway on %(day)s is pathway 3 (serious and long-lasting "
            "problems), counted in their home municipality. Established: the plan is "
            "established or under revision."
        )
        % {"day": day},
    )
    evaluated = share_table(
        municipalities,
        counts,
        1,
        caption=_("People on pathway 3 whose plan was evaluated in the last 12 months"),
        columns=[
            _("Evaluated in the last 12 months"),
            _("Not evaluated in the last 12 months"),
            _("People on pathway 3"),
        ],
        extra_columns=[_("Share evaluated in the last 12 months")],
        note=_("An evaluation of the person's plan in the twelve months up to %(day)s.")
        % {"day": day},
    )
    return [established, evaluated]


def build(period: Period) -> Section:
    return Section(
        key="plans",
        title=_("Individual plans"),
        intro=_(
            "Whether the people with the greatest needs have an individual plan, "
            "and whether it is evaluated."
        ),
        tables=plan_tables(period),
    )
