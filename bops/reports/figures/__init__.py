"""The figures of the council report, one module per section.

`build_report(period)` runs every section's `build(period)` and returns what
the template needs. To add figures to a section, change only that section's
module (and its template fragment under templates/reports/council/).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from bops.reports.figures import capacity, economy, flows, summary, waiting
from bops.reports.figures.base import Section
from bops.reports.period import Period
from bops.reports.suppression import threshold

# Print order; the summary comes first but is built from the others' functions.
SECTIONS = (summary, capacity, waiting, flows, economy)


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
