"""Economy: the cost key, each municipality's share, and its private purchases.

Every amount comes from the capacity app: `capacity.occupancy.cost_split` (the
cost key applied to the period: fixed part by population, use part by
bed-days) and `capacity.occupancy.private_purchases` (people, days and cost of
places bought from private providers).
"""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from capacity.models import CostKey
from capacity.occupancy import CostSplit, PurchaseFigures, Share, cost_split
from capacity.occupancy import private_purchases as purchases_between
from municipalities.models import Municipality
from reports import charts
from reports.figures.base import Chart, Section, Table
from reports.figures.capacity import fold, municipalities_in_report, shared_residence
from reports.period import Period
from reports.suppression import BLANK, Cell, SuppressedTable, amount_cell


def _add_purchases(a: PurchaseFigures, b: PurchaseFigures) -> PurchaseFigures:
    # A person bought by two municipalities that later merged counts twice:
    # at most a handful of people, and the figures say "people per municipality".
    return PurchaseFigures(people=a.people + b.people, days=a.days + b.days, cost=a.cost + b.cost)


def private_purchases(period: Period, on: Period | None = None) -> dict[int, PurchaseFigures]:
    """Private purchases per paying municipality id, clipped to the period and
    summed into the municipalities of the report `on` (default: `period`)."""
    return fold(purchases_between(period.start, period.end), on or period, _add_purchases)


def _add_shares(a: Share, b: Share) -> Share:
    return Share(
        municipality=a.municipality,
        population=a.population + b.population,
        bed_days=a.bed_days + b.bed_days,
        fixed_cost=a.fixed_cost + b.fixed_cost,
        use_cost=a.use_cost + b.use_cost,
        private_cost=a.private_cost + b.private_cost,
    )


def split(period: Period, on: Period | None = None) -> CostSplit | None:
    """The cost key applied to the period, each share summed into the
    municipality it belonged to at the end of the report `on` (default:
    `period`): a merged municipality's share is its successor's."""
    residence = shared_residence()
    if not residence:
        return None
    cost = cost_split(residence, period.start, period.end)
    on = on or period
    as_of = Municipality.objects.as_of(on.end)
    shares = fold(
        {
            share.municipality.pk: replace(
                share, municipality=as_of.get(share.municipality.pk, share.municipality)
            )
            for share in cost.shares
        },
        on,
        _add_shares,
    )
    return replace(cost, shares=sorted(shares.values(), key=lambda s: s.municipality.name))


def kroner(value) -> Cell:
    return amount_cell(int(value), " kr")


def cost_key_table(period: Period, cost: CostSplit | None) -> Table:
    residence = shared_residence()
    keys = (
        CostKey.objects.filter(
            residence=residence, year__range=(period.start.year, period.end.year)
        ).order_by("year")
        if residence
        else []
    )
    rows, extra = [], []
    for key in keys:
        rows.append((str(key.year), []))
        extra.append(
            [
                kroner(key.budget),
                amount_cell(key.fixed_share, " %"),
                amount_cell(key.use_share, " %"),
            ]
        )
    missing = ", ".join(str(year) for year in (cost.missing_years if cost else []))
    note = _(
        "The fixed part is split by population among the municipalities the residence "
        "serves, the use part by the bed-days each municipality paid for. A year's budget "
        "counts for the days of the year that fall within the period."
    )
    if missing:
        note += " " + _("No cost key is registered for: %(years)s.") % {"years": missing}
    return Table(
        caption=pgettext("council report", "The cost key"),
        row_heading=_("Year"),
        columns=[],
        table=SuppressedTable(rows),
        totals_label=pgettext("council report", "Budget for the period"),
        extra_columns=[
            pgettext("council report", "Budget for the year"),
            pgettext("council report", "Fixed part"),
            pgettext("council report", "Use part"),
        ],
        extra=extra,
        extra_totals=[kroner(cost.budget if cost else 0), BLANK, BLANK],
        note=note,
    )


def shares_table(cost: CostSplit | None) -> Table:
    shares = cost.shares if cost else []
    rows = [(share.municipality.name, []) for share in shares]
    extra = [
        [
            kroner(share.fixed_cost),
            kroner(share.use_cost),
            kroner(share.total),
            kroner(share.private_cost),
        ]
        for share in shares
    ]
    return Table(
        caption=_("Each municipality's share of the residence, and its private purchases"),
        row_heading=_("Municipality"),
        columns=[],
        table=SuppressedTable(rows),
        totals_label=_("All municipalities"),
        extra_columns=[
            pgettext("council report", "Fixed part"),
            pgettext("council report", "Use part"),
            pgettext("council report", "Total"),
            _("Private purchases"),
        ],
        extra=extra,
        extra_totals=[
            kroner(sum(s.fixed_cost for s in shares)),
            kroner(sum(s.use_cost for s in shares)),
            kroner(sum(s.total for s in shares)),
            kroner(sum(s.private_cost for s in shares)),
        ],
        note=_(
            "Fixed part, use part and total: the municipality's share of the residence's "
            "budget for the period by the cost key. Private purchases: what it paid for "
            "places bought from private providers in the same period."
        ),
    )


def purchase_table(period: Period) -> Table:
    figures = private_purchases(period)
    municipalities = list(municipalities_in_report(period))
    rows = []
    amounts = []
    for municipality in municipalities:
        f = figures.get(municipality.pk, PurchaseFigures())
        rows.append((municipality.name, [f.people, f.days]))
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


# Nationally the table has 356 rows; a chart of 356 bar pairs is unreadable and
# took most of the report's time (matplotlib ~14 s, WeasyPrint laying out a
# 2.7 m tall SVG). The chart shows the largest; the table keeps every row.
CHART_BARS = 25


def _chart_rows(labels: list[str], first: list, second: list) -> tuple[list, list, list, str]:
    """The rows to draw: all of them, or the CHART_BARS with the largest first value."""
    description = _("Bar chart of the total and private purchases columns of the table above.")
    if len(labels) <= CHART_BARS:
        return labels, first, second, description

    def drawn(i: int) -> int:
        cell = first[i]
        return 0 if cell.suppressed or cell.value is None else cell.value

    keep = sorted(sorted(range(len(labels)), key=lambda i: (-drawn(i), i))[:CHART_BARS])
    description = _(
        "Bar chart of the total and private purchases columns of the table above, for "
        "the %(count)s municipalities with the highest share."
    ) % {"count": CHART_BARS}
    return (
        [labels[i] for i in keep],
        [first[i] for i in keep],
        [second[i] for i in keep],
        description,
    )


def build(period: Period) -> Section:
    cost = split(period)
    shares = shares_table(cost)
    purchases = purchase_table(period)
    labels, totals, private, description = _chart_rows(
        [label for label, _cells, _extra in shares.rows],
        [extra[2] for _label, _cells, extra in shares.rows],
        [extra[3] for _label, _cells, extra in shares.rows],
    )
    return Section(
        key="economy",
        title=_("Economy"),
        intro=_(
            "What the municipalities pay for the shared residence by the cost key, and "
            "what they pay for places bought from private providers."
        ),
        body=[
            cost_key_table(period, cost),
            shares,
            Chart(
                title=_("Share of the residence and private purchases per municipality"),
                svg=charts.paired_bar_chart(
                    labels,
                    totals,
                    private,
                    first_label=pgettext("council report", "Share of the residence"),
                    second_label=_("Private purchases"),
                    value_label=_("kroner"),
                ),
                description=description,
            ),
            purchases,
        ],
    )
