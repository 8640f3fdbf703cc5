"""Economy: the cost key, each municipality's share, and its private purchases.

Every amount comes from the capacity app: `capacity.occupancy.cost_split` (the
cost key applied to the period: fixed part by population, use part by
bed-days) and `capacity.occupancy.private_purchases` (people, days and cost of
places bought from private providers).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from capacity.models import CostKey
from capacity.occupancy import CostSplit, PurchaseFigures, Share, cost_split
from capacity.occupancy import private_purchases as purchases_between
from reports import charts
from reports.figures import region as regions
from reports.figures.base import Chart, Section, Table, once
from reports.figures.capacity import (
    as_of_end,
    fold,
    municipalities_in_report,
    residences_in_region,
)
from reports.period import Period
from reports.suppression import (
    BLANK,
    Cell,
    Mark,
    SuppressedTable,
    amount_cell,
    tied_amounts,
)


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


def split(period: Period, residence, on: Period | None = None) -> CostSplit | None:
    """The cost key of `residence` applied to the period, each share summed
    into the municipality it belonged to at the end of the report `on`
    (default: `period`): a merged municipality's share is its successor's."""
    if not residence:
        return None
    on = on or period
    return once(("split", period, residence.pk, on), lambda: _split(period, residence, on))


def _split(period: Period, residence, on: Period) -> CostSplit:
    cost = cost_split(residence, period.start, period.end)
    as_of = as_of_end(on)
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
    # The bill lists the region's municipalities and whoever else pays a part
    # (a stay paid for from outside); not the private purchases of the rest
    # of the country, which the capacity split carries for every municipality.
    region = regions.current()
    billed = [
        share
        for share in shares.values()
        if region.includes(share.municipality.pk)
        or share.fixed_cost
        or share.use_cost
        or share.bed_days
    ]
    return replace(cost, shares=sorted(billed, key=lambda s: s.municipality.name))


def kroner(value) -> Cell:
    return amount_cell(int(value), " kr")


def splits(period: Period, on: Period | None = None) -> list[CostSplit]:
    """The cost split of every residence of the region."""
    return [split(period, residence, on) for residence in residences_in_region(on or period)]


def cost_key_table(period: Period, cost: CostSplit | None, residence) -> Table:
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


@dataclass
class Purchases:
    """The private purchases of the report's municipalities as printed: people
    suppressed, days and kroner hidden with a suppressed count of people
    (`tied_amounts`). Every table and sentence that prints a municipality's
    private purchases takes its cells from here, so they hide the same ones."""

    municipalities: list
    people: SuppressedTable
    days: list[Cell]
    days_total: Cell
    cost: list[Cell]
    cost_total: Cell
    hidden: set[int]  # municipality ids whose days and kroner are hidden

    def cost_of(self, municipality_id: int) -> Cell | None:
        for index, municipality in enumerate(self.municipalities):
            if municipality.pk == municipality_id:
                return self.cost[index]
        return None


def purchases(period: Period, on: Period | None = None) -> Purchases:
    on = on or period
    return once(("purchases", period, on), lambda: _purchases(period, on))


def _purchases(period: Period, on: Period) -> Purchases:
    figures = private_purchases(period, on)
    municipalities = list(municipalities_in_report(on))
    rows = [(m.name, [figures.get(m.pk, PurchaseFigures()).people]) for m in municipalities]
    people = SuppressedTable(rows, column_totals=True, width=1)
    hidden = {i for i, row in enumerate(people.rows) if row.cells[0].suppressed}
    found = [figures.get(m.pk, PurchaseFigures()) for m in municipalities]
    days, days_total, hidden = tied_amounts([f.days for f in found], hidden)
    cost, cost_total, hidden = tied_amounts([f.cost for f in found], hidden, " kr")
    return Purchases(
        municipalities=municipalities,
        people=people,
        days=days,
        days_total=days_total,
        cost=cost,
        cost_total=cost_total,
        hidden={municipalities[i].pk for i in hidden},
    )


def bill_table(cost: CostSplit | None) -> Table:
    """What each municipality pays for one residence by its cost key: the bill,
    never hidden (see the method note)."""
    shares = cost.shares if cost else []
    return Table(
        caption=_("Each municipality's share of the residence by the cost key"),
        row_heading=_("Municipality"),
        columns=[],
        table=SuppressedTable([(share.municipality.name, []) for share in shares]),
        totals_label=_("All municipalities"),
        extra_columns=[
            pgettext("council report", "Fixed part"),
            pgettext("council report", "Use part"),
            pgettext("council report", "Total"),
        ],
        extra=[
            [kroner(share.fixed_cost), kroner(share.use_cost), kroner(share.total)]
            for share in shares
        ],
        extra_totals=[
            kroner(sum(s.fixed_cost for s in shares)),
            kroner(sum(s.use_cost for s in shares)),
            kroner(sum(s.total for s in shares)),
        ],
        note=_(
            "The municipality's share of the residence's budget for the period by the "
            "cost key. This is the bill, so it is printed in full."
        ),
    )


def residence_body(period: Period, residence) -> list[Table]:
    """The cost key and the bill of one residence's section."""
    cost = split(period, residence)
    return [cost_key_table(period, cost, residence), bill_table(cost)]


def combined(costs: list[CostSplit]) -> list[Share]:
    """Each municipality's shares of all the residences added up, by name."""
    total: dict = {}
    for cost in costs:
        for share in cost.shares if cost else []:
            pk = share.municipality.pk
            total[pk] = _add_shares(total[pk], share) if pk in total else replace(share)
    return sorted(total.values(), key=lambda s: s.municipality.name)


def shares_table(shares: list[Share], bought: Purchases, several: bool = False) -> Table:
    """The bill (fixed, use and total part: never hidden) beside each
    municipality's private purchases (hidden where the purchase table hides them)."""
    rows = [(share.municipality.name, []) for share in shares]
    private = [
        bought.cost_of(share.municipality.pk) or kroner(share.private_cost) for share in shares
    ]
    extra = [
        [kroner(share.fixed_cost), kroner(share.use_cost), kroner(share.total), private[i]]
        for i, share in enumerate(shares)
    ]
    hidden_here = sum(1 for cell in private if cell.suppressed)
    private_total = (
        bought.cost_total
        if hidden_here != 1
        else Cell(None, Mark.SECONDARY, bought.cost_total.threshold, suffix=" kr")
    )
    return Table(
        caption=_("Each municipality's share of the residences, and its private purchases")
        if several
        else _("Each municipality's share of the residence, and its private purchases"),
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
            private_total,
        ],
        note=_(
            "Fixed part, use part and total: the municipality's share of the residence's "
            "budget for the period by the cost key. Private purchases: what it paid for "
            "places bought from private providers in the same period (hidden as “:” where "
            "fewer than %(limit)s people had such a place, see the method note)."
        )
        % {"limit": bought.people.limit},
    )


def purchase_table(period: Period, bought: Purchases | None = None) -> Table:
    bought = bought or purchases(period)
    return Table(
        caption=_("Private purchases per municipality in the period"),
        row_heading=_("Municipality"),
        columns=[_("People")],
        table=bought.people,
        totals_label=_("All municipalities"),
        extra_columns=[_("Days bought"), _("Cost")],
        extra=[[d, c] for d, c in zip(bought.days, bought.cost, strict=True)],
        extra_totals=[bought.days_total, bought.cost_total],
        note=_(
            "People: persons with a place bought from a private provider at some time in "
            "the period, counted once per paying municipality. Cost: daily cost times the "
            "days of the purchase that fall within the period. Days and cost are hidden "
            "(“:”) where the number of people is, since together they would give one "
            "person's daily price."
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
    costs = splits(period)
    bought = purchases(period)
    shares = shares_table(combined(costs), bought, several=len(costs) > 1)
    labels, totals, private, description = _chart_rows(
        [label for label, _cells, _extra in shares.rows],
        [extra[2] for _label, _cells, extra in shares.rows],
        [extra[3] for _label, _cells, extra in shares.rows],
    )
    return Section(
        key="economy",
        title=_("Economy"),
        intro=_(
            "What the municipalities pay for the shared residences by the cost keys (each "
            "residence's bill is in its own section), and what they pay for places bought "
            "from private providers."
        ),
        body=[
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
            purchase_table(period, bought),
        ],
    )
