"""Economy: the cost key, each municipality's share, and its private purchases.

Private purchases come from municipalities.PrivatePurchase. The cost key and the
shares (fixed part, use part) come from the capacity app in round two.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from bops.reports import charts
from bops.reports.figures.base import Chart, Pending, Section, Table
from bops.reports.period import Period
from bops.reports.suppression import SuppressedTable, amount_cell
from municipalities.models import Municipality, PrivatePurchase


@dataclass(frozen=True)
class PurchaseFigures:
    placements: int = 0  # distinct people with a bought place in the period
    days: int = 0  # days bought within the period
    cost: int = 0  # kroner: daily cost x days within the period


def private_purchases(period: Period) -> dict[int, PurchaseFigures]:
    """Private purchases per paying municipality id, clipped to the period.

    Reads four columns of the purchases that overlap the period and adds them
    up; no name, identity number or provider leaves this function. The report
    is an aggregate for the whole region, so it reads across municipalities
    (the view decides who may have the report at all).
    """
    rows = (
        PrivatePurchase.objects.filter(start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .values_list("municipality_id", "service_user_id", "daily_cost", "start_date", "end_date")
    )
    people: dict[int, set[int]] = {}
    days: dict[int, int] = {}
    cost: dict[int, int] = {}
    for municipality_id, person_id, daily_cost, start, end in rows:
        inside = period.overlap_days(start, end)
        people.setdefault(municipality_id, set()).add(person_id)
        days[municipality_id] = days.get(municipality_id, 0) + inside
        cost[municipality_id] = cost.get(municipality_id, 0) + inside * daily_cost
    return {mid: PurchaseFigures(len(people[mid]), days[mid], cost[mid]) for mid in people}


def municipalities_in_report():
    """The parties to the shared residence as the report lists them."""
    return Municipality.objects.filter(active=True).order_by("name").only("name", "number")


def purchase_table(period: Period) -> Table:
    figures = private_purchases(period)
    municipalities = list(municipalities_in_report())
    rows = []
    amounts = []
    for municipality in municipalities:
        f = figures.get(municipality.pk, PurchaseFigures())
        rows.append((municipality.name, [f.placements, f.days]))
        amounts.append([amount_cell(f.cost, " kr")])
    total_cost = sum(figures.get(m.pk, PurchaseFigures()).cost for m in municipalities)
    return Table(
        caption=_("Private purchases per municipality in the period"),
        row_heading=_("Municipality"),
        columns=[_("People"), _("Days bought")],
        table=SuppressedTable(rows, column_totals=True),
        totals_label=_("All municipalities"),
        extra_columns=[_("Cost")],
        extra=amounts,
        extra_totals=[amount_cell(total_cost, " kr")],
        note=_(
            "People: persons with a place bought from a private provider at some time in "
            "the period, counted once per paying municipality. Cost: daily cost times the "
            "days of the purchase that fall within the period."
        ),
    )


# Nationally the table has 356 rows; a chart of 356 bars is unreadable and
# took most of the report's time (matplotlib ~14 s, WeasyPrint laying out a
# 2.7 m tall SVG). The chart shows the largest; the table keeps every row.
CHART_BARS = 25


def _chart_rows(labels: list[str], costs: list) -> tuple[list[str], list, str]:
    description = _("Bar chart of the cost column of the table above.")
    if len(labels) <= CHART_BARS:
        return labels, costs, description

    def drawn(i: int) -> int:
        cell = costs[i]
        return 0 if cell.suppressed or cell.value is None else cell.value

    keep = sorted(sorted(range(len(labels)), key=lambda i: (-drawn(i), i))[:CHART_BARS])
    description = _(
        "Bar chart of the cost column of the table above, for the %(count)s "
        "municipalities with the highest cost."
    ) % {"count": CHART_BARS}
    return [labels[i] for i in keep], [costs[i] for i in keep], description


def build(period: Period) -> Section:
    table = purchase_table(period)
    labels, costs, description = _chart_rows(
        [label for label, _cells, _extra in table.rows],
        [extra[0] for _label, _cells, extra in table.rows],
    )
    return Section(
        key="economy",
        title=_("Economy"),
        intro=_(
            "What the municipalities pay for the shared residence by the cost key, and "
            "what they pay for places bought from private providers."
        ),
        tables=[table],
        charts=[
            Chart(
                title=_("Cost of private purchases per municipality"),
                svg=charts.bar_chart(labels, costs, value_label=_("kroner")),
                description=description,
            )
        ],
        pending=[
            Pending(_("The cost key for the year"), "capacity"),
            Pending(
                _("Each municipality's share: fixed part, use part (bed-days) and total"),
                "capacity",
            ),
        ],
    )
