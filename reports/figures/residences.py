"""One section per residence of the council's region: its occupancy and
bed-days, admissions and discharges, waiting list and waiting times, and its
cost key with the bill per municipality.

The figures come from the capacity, waiting and economy modules, each asked
for this residence only; the summary adds the same functions up over every
residence of the region.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from reports.figures import capacity, economy, waiting
from reports.figures.base import Section
from reports.period import Period


def residence_section(period: Period, residence) -> Section:
    capacity_facts, capacity_body = capacity.residence_body(period, residence)
    waiting_facts, waiting_body = waiting.residence_body(period, residence)
    body = [*capacity_body, *waiting_body, *economy.residence_body(period, residence)]
    return Section(
        key=f"residence-{residence.pk}",
        title=str(residence.name),
        intro=_(
            "How the places of this residence were used in the period, who waited for "
            "one, and what each municipality pays for it by the cost key."
        ),
        facts=[*capacity_facts, *waiting_facts],
        tables=[item for item in body if not item.is_chart],
        charts=[item for item in body if item.is_chart],
        body=body,
    )


def build(period: Period) -> list[Section]:
    return [
        residence_section(period, residence) for residence in capacity.residences_in_region(period)
    ]
