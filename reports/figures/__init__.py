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
from dataclasses import dataclass

from django.utils import timezone

from reports.figures import capacity, economy, flows, follow_up, summary, waiting
from reports.figures.base import Section
from reports.period import Period
from reports.suppression import threshold

# Print order; the summary comes first but is built from the others' functions.
SECTIONS = (summary, capacity, waiting, flows, follow_up, economy)


@dataclass
class CouncilReport:
    period: Period
    previous: Period
    generated_at: datetime.datetime
    municipalities: list[str]
    sections: list[Section]
    threshold: int


def build_report(period: Period, progress=None) -> CouncilReport:
    """All figures for `period`. `progress(text)` is called before each section."""
    sections = []
    for module in SECTIONS:
        if progress:
            progress(module.__name__.rsplit(".", 1)[-1])
        sections.append(module.build(period))
    return CouncilReport(
        period=period,
        previous=period.previous(),
        generated_at=timezone.localtime(),
        municipalities=[m.name for m in economy.municipalities_in_report()],
        sections=sections,
        threshold=threshold(),
    )
