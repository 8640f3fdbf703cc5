"""Capacity: occupancy and utilisation per day, bed-days per municipality,
admissions, discharges and length of stay, for one residence (its section,
reports/figures/residences.py) or every residence of the region (the summary).

Every figure comes from the capacity app: `capacity.occupancy.occupancy` and
`bed_days_by_municipality`, and the Stay QuerySet (`admissions_in`,
`discharges_in`, `served_in`, `length_summary`). Bed-days are a volume the
cost key bills (like kroner), not a count of people, so they are not
suppressed; admissions and discharges are people and are.
"""

from __future__ import annotations

import datetime
import operator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from capacity.models import Residence, Stay
from capacity.occupancy import bed_days_by_municipality, occupancy
from municipalities.models import Municipality
from reports import charts
from reports.figures import region as regions
from reports.figures import trends
from reports.figures.base import Chart, Fact, Table, once
from reports.period import Period
from reports.suppression import (
    Cell,
    SuppressedTable,
    count_cell,
    mean_cell,
    percentage,
    share_cell,
)


def residences_in_region(period: Period) -> list[Residence]:
    """Every residence of the council's region: those in one of the report's
    municipalities (as they were on the period's last day; a residence in
    Lærdal 1422 is in today's Lærdal), by name. One section each."""

    def compute():
        region = {m.pk for m in municipalities_in_report(period)}
        as_of = as_of_end(period)
        return [
            residence
            for residence in Residence.objects.select_related("organisation").order_by("name", "pk")
            if residence.municipality_id in region
            or (
                residence.municipality_id in as_of and as_of[residence.municipality_id].pk in region
            )
        ]

    return once(("residences", period.end), compute)


def as_of_end(period: Period) -> dict:
    """Municipality id -> the municipality it was part of on the period's last day."""
    return once(("as_of", period.end), lambda: Municipality.objects.as_of(period.end))


def municipalities_in_report(period: Period):
    """The parties to the shared residence as the report lists them: the
    region's municipalities as they were on the period's last day. A report
    for 2019 lists the nine of the pre-study years, one for this year today's
    seven."""
    return once(
        ("municipalities", period.end),
        lambda: list(
            regions.current()
            .narrow(Municipality.objects.filter(active=True), "pk")
            .valid_on(period.end)
            .order_by("name")
            .only("name", "number")
        ),
    )


def fold(per_municipality: dict, period: Period, combine=operator.add) -> dict:
    """Figures per municipality id, each added to the municipality it was part
    of on the period's last day: merged municipalities are summed into their
    successor (Balestrand's and Leikanger's 2019 into Sogndal in a report for
    2020, when it is compared with 2019). `combine(a, b)` adds two values."""
    as_of = as_of_end(period)
    folded: dict = {}
    for pk, value in per_municipality.items():
        target = as_of[pk].pk if pk in as_of else pk
        folded[target] = combine(folded[target], value) if target in folded else value
    return folded


def _stays(residences):
    """The stays of one residence or of a list of them."""
    if isinstance(residences, Residence):
        residences = [residences]
    if not residences:
        return Stay.objects.none()
    return Stay.objects.filter(place__residence__in=residences)


@dataclass(frozen=True)
class Utilisation:
    occupied_days: int  # place-days in use (= bed-days of the period)
    place_days: int  # active places x days

    @property
    def fraction(self) -> float | None:
        return self.occupied_days / self.place_days if self.place_days else None

    @property
    def cell(self) -> Cell:
        return share_cell(self.fraction)


def daily_occupancy(period: Period, residence: Residence):
    return once(
        ("occupancy", period, residence.pk),
        lambda: occupancy(residence, period.start, period.end),
    )


def utilisation(period: Period, residences) -> Utilisation:
    """Over one residence or all of a list: place-days in use of all place-days."""
    if isinstance(residences, Residence):
        residences = [residences]
    occupied = places = 0
    for residence in residences:
        days = daily_occupancy(period, residence)
        occupied += sum(d.occupied for d in days)
        places += sum(d.active_places for d in days)
    return Utilisation(occupied, places)


def people_served(period: Period, residences) -> Cell:
    return count_cell(_stays(residences).served_in(period.start, period.end))


def utilisation_fact(period: Period, residences=None) -> Fact:
    residences = residences_in_region(period) if residences is None else residences
    now, before = utilisation(period, residences), utilisation(period.previous(), residences)
    places = round(now.occupied_days / period.days, 1) if period.days else 0
    return trends.share_fact(
        _("Utilisation of the residence")
        if isinstance(residences, Residence) or len(residences) == 1
        else _("Utilisation of the residences"),
        now.cell,
        before.cell,
        _("On an average day %(places)s places were in use: a utilisation of %(share)s.")
        % {"places": Cell(places, decimals=1).text, "share": now.cell.text},
    )


def people_served_fact(period: Period, residences=None) -> Fact:
    residences = residences_in_region(period) if residences is None else residences
    value, previous = (
        people_served(period, residences),
        people_served(period.previous(), residences),
    )
    return trends.count_fact(
        _("People served"),
        value,
        previous,
        (
            _("%(count)s people lived in the residence at some time in the period.")
            if isinstance(residences, Residence) or len(residences) == 1
            else _("%(count)s people lived in one of the residences at some time in the period.")
        )
        % {"count": value.text},
    )


def admissions_and_discharges(
    period: Period, municipalities, stays, on: Period | None = None
) -> SuppressedTable:
    """Admissions and discharges per paying municipality, suppressed, summed
    into the municipalities of the report `on` (default: `period`)."""
    on = on or period
    admissions = fold(stays.admissions_in(period.start, period.end).per_paying_municipality(), on)
    discharges = fold(stays.discharges_in(period.start, period.end).per_paying_municipality(), on)
    rows = [(m.name, [admissions.get(m.pk, 0), discharges.get(m.pk, 0)]) for m in municipalities]
    return SuppressedTable(rows, column_totals=True, width=2)


def _admissions_table(table: SuppressedTable) -> Table:
    rows = table.rows
    total = table.column_totals[0]
    shares = [[percentage(table.cell(r, 0), total)] for r in range(len(rows))]
    return Table(
        caption=_("Admissions and discharges per paying municipality"),
        row_heading=_("Municipality"),
        columns=[
            pgettext("council report", "Admissions"),
            pgettext("council report", "Discharges"),
        ],
        table=table,
        totals_label=_("All municipalities"),
        extra_columns=[pgettext("council report", "Share of admissions")],
        extra=shares,
        extra_totals=[percentage(total, total)],
        note=_(
            "Admissions: stays that began in the period. Discharges: stays that ended in "
            "the period. Counted for the municipality that pays for the stay."
        ),
    )


def _bed_days_table(period: Period, municipalities, residence) -> Table:
    nights = (
        fold(bed_days_by_municipality(residence, period.start, period.end), period)
        if residence
        else {}
    )
    total = sum(nights.values())
    rows = [(m.name, [nights.get(m.pk, 0)]) for m in municipalities]
    return Table(
        caption=_("Bed-days per paying municipality"),
        row_heading=_("Municipality"),
        columns=[pgettext("council report", "Bed-days")],
        # Bed-days are a volume, not a count of people: limit 0 shows every figure.
        table=SuppressedTable(rows, column_totals=True, limit=0, width=1),
        totals_label=_("All municipalities"),
        extra_columns=[pgettext("council report", "Share of bed-days")],
        extra=[
            [share_cell(nights.get(m.pk, 0) / total if total else None)] for m in municipalities
        ],
        extra_totals=[share_cell(1 if total else None)],
        note=_("A bed-day is one night in the residence, paid for by the municipality."),
    )


def _stay_facts(now: SuppressedTable, before: SuppressedTable, period, stays) -> list[Fact]:
    """Admissions and discharges as the tables' totals print them, and the
    average length of the stays that ended."""
    facts = []
    for column, label, sentence in (
        (0, pgettext("council report", "Admissions"), _("%(count)s stays began in the period.")),
        (1, pgettext("council report", "Discharges"), _("%(count)s stays ended in the period.")),
    ):
        value, previous = now.column_totals[column], before.column_totals[column]
        facts.append(trends.count_fact(label, value, previous, sentence % {"count": value.text}))
    summaries = [
        stays.discharges_in(p.start, p.end).length_summary() for p in (period, period.previous())
    ]
    value, previous = (
        mean_cell(s["mean"], s["count"], " " + pgettext("council report", "nights"))
        for s in summaries
    )
    facts.append(
        trends.count_fact(
            pgettext("council report", "Average length of stay"),
            value,
            previous,
            _("Stays that ended in the period lasted %(nights)s on average.")
            % {"nights": value.text},
        )
    )
    return facts


def residence_body(period: Period, residence: Residence) -> tuple[list[Fact], list]:
    """The facts and the tables and charts of one residence's section: its
    occupancy, bed-days, admissions and discharges. The rows are the report's
    municipalities that pay for, or are served by, this residence."""
    municipalities = rows_for(period, residence)
    stays = _stays(residence)
    days = daily_occupancy(period, residence)
    bed_days = _bed_days_table(period, municipalities, residence)
    body = []
    if days:
        body.append(
            Chart(
                title=_("Occupied places per day and utilisation"),
                svg=charts.occupancy_chart(
                    [d.date for d in days],
                    [d.occupied for d in days],
                    [d.active_places for d in days],
                    occupied_label=pgettext("council report", "Occupied places"),
                    places_label=pgettext("council report", "Places"),
                    utilisation_label=pgettext("council report", "Utilisation (%)"),
                ),
                description=_(
                    "Step chart of the number of occupied places each day of the period, "
                    "against the number of places; the right-hand axis gives the utilisation."
                ),
            )
        )
    body.append(bed_days)
    body.append(
        Chart(
            title=_("Bed-days per paying municipality"),
            svg=charts.bar_chart(
                [label for label, _cells, _extra in bed_days.rows],
                [cells[0] for _label, cells, _extra in bed_days.rows],
                value_label=pgettext("council report", "bed-days"),
            ),
            description=_("Bar chart of the bed-days column of the table."),
        )
    )
    admissions = admissions_and_discharges(period, municipalities, stays)
    before = admissions_and_discharges(period.previous(), municipalities, stays, on=period)
    body.append(_admissions_table(admissions))
    facts = [
        utilisation_fact(period, [residence]),
        people_served_fact(period, [residence]),
        *_stay_facts(admissions, before, period, stays),
    ]
    return facts, body


def rows_for(period: Period, residence: Residence) -> list:
    """The report's municipalities with a row in a residence's tables: those
    it serves (its catchment) and those that paid for a stay in it in the
    period or the one before. Nationally a residence's tables then have the
    handful of rows that concern it, not 356."""
    concerned = set(residence.organisation.catchment.values_list("pk", flat=True))
    before = period.previous()
    paying = (
        _stays(residence)
        .overlapping(before.start, period.end + datetime.timedelta(days=1))
        .order_by()
        .values_list("paying_municipality_id", flat=True)
        .distinct()
    )
    concerned |= set(fold(dict.fromkeys(paying, 0), period))
    as_of = as_of_end(period)
    concerned |= {as_of[pk].pk for pk in concerned if pk in as_of}
    listed = list(municipalities_in_report(period))
    if not residence.organisation.catchment.exists():
        return listed  # a residence that serves everyone lists everyone
    return [m for m in listed if m.pk in concerned]
