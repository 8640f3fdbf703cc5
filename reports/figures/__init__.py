"""The figures of the council report, one module per section.

`build_report(period)` runs every section's `build(period)` and returns what
the template needs. To fill a section (round two: capacity, waiting, flows,
the cost key in economy, the pending facts in summary), change only that
section's module: call the owning app's QuerySet methods for the period, wrap
counts in `SuppressedTable` / `count_cell` / `percentage` (amounts in
`amount_cell`), draw with `charts.occupancy_chart` / `charts.bar_chart`, return
them as `Table`, `Chart` and `Fact` objects and drop the matching `Pending`
entries. The generic fragment templates/reports/council/_section.html prints
any section; no template change is needed for tables, charts or facts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.models import Municipality
from reports.figures import (
    closing,
    economy,
    flows,
    follow_up,
    measures,
    plans,
    residences,
    summary,
)
from reports.figures.base import Section, one_build
from reports.figures.region import region_of
from reports.period import Period
from reports.suppression import threshold

# Print order; the summary comes first but is built from the others' functions.
# A module's build() gives one section, or a list (residences: one per residence).
SECTIONS = (summary, residences, flows, follow_up, closing, plans, economy, measures)


@dataclass
class CouncilReport:
    period: Period
    previous: Period
    generated_at: datetime.datetime
    municipalities: list[str]
    sections: list[Section]
    threshold: int
    # "Balestrand, Leikanger and Sogndal (1420) are counted in Sogndal (4640)."
    merged: list[str] = field(default_factory=list)
    council: str = ""  # the council whose region this is; "" for every municipality


def build_report(period: Period, progress=None, council=None) -> CouncilReport:
    """All figures for `period` in `council`'s region (every municipality
    without one), cut at today when it reaches into the future (the first
    page says so). `progress(text)` is called before each section. Raises
    PeriodNotBegun for a period that starts after today."""
    period = period.cut_at(timezone.localdate())
    region = region_of(council)
    with one_build(region):
        municipalities = list(economy.municipalities_in_report(period))
        sections = []
        for module in SECTIONS:
            if progress:
                progress(module.__name__.rsplit(".", 1)[-1])
            built = module.build(period)
            sections.extend(built if isinstance(built, list) else [built])
        merged = merged_lines(period, municipalities)
    return CouncilReport(
        period=period,
        previous=period.previous(),
        generated_at=timezone.localtime(),
        municipalities=[m.name for m in municipalities],
        council=region.name,
        sections=sections,
        threshold=threshold(),
        merged=merged,
    )


def merged_lines(period: Period, municipalities) -> list[str]:
    """One sentence per listed municipality whose figures include earlier
    municipalities (that ended in this period or the one it is compared
    with), in two queries whatever the number of municipalities."""
    ended = Municipality.objects.filter(
        successor__isnull=False, valid_until__gte=period.previous().start
    ).order_by("name", "number")
    if not ended:
        return []
    as_of = Municipality.objects.as_of(period.end)
    listed = {m.pk: m for m in municipalities}
    earlier: dict[int, list] = {}
    for municipality in ended:
        target = as_of[municipality.pk]
        if target.pk in listed and target.pk != municipality.pk:
            earlier.setdefault(target.pk, []).append(municipality)
    return [
        _("Figures for %(earlier)s are counted in %(now)s.")
        % {"earlier": ", ".join(str(m) for m in earlier[pk]), "now": str(listed[pk])}
        for pk in listed
        if pk in earlier
    ]
