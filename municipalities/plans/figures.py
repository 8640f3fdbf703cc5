"""The council report's figures about individual plans (one definition,
for the report and anything else that shows them).

Per municipality: how many people on pathway 3 there are, how many of them
have an established plan (established or under revision) and how many had an
evaluation in the twelve months up to the day. No names, only counts.
`coverage_shares()` suppresses small numbers the way the report does: a count
from 1 to threshold - 1 is None, and so is a share resting on one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from municipalities.models import Evaluation, IndividualPlan, ServiceUser


@dataclass(frozen=True)
class Coverage:
    municipality_id: int
    pathway3: int
    established: int
    evaluated: int


def plan_coverage(day: datetime.date, municipality_ids=None) -> list[Coverage]:
    """Counts per home municipality, for people not anonymised, on `day`."""
    year_ago = day - datetime.timedelta(days=365)
    established = IndividualPlan.objects.filter(
        service_user=OuterRef("pk"),
        status__in=[IndividualPlan.Status.ESTABLISHED, IndividualPlan.Status.UNDER_REVISION],
    )
    evaluated = Evaluation.objects.filter(
        plan__service_user=OuterRef("pk"), evaluated_on__gt=year_ago, evaluated_on__lte=day
    )
    people = ServiceUser.objects.filter(
        main_pathway=ServiceUser.Pathway.SERIOUS_LONG, anonymised_at__isnull=True
    )
    if municipality_ids is not None:
        people = people.filter(home_municipality__in=municipality_ids)
    rows = (
        people.annotate(has_plan=Exists(established), has_evaluation=Exists(evaluated))
        .values("home_municipality")
        .annotate(
            total=Count("pk"),
            with_plan=Count("pk", filter=Q(has_plan=True)),
            with_evaluation=Count("pk", filter=Q(has_evaluation=True)),
        )
        .order_by("home_municipality")
    )
    return [
        Coverage(r["home_municipality"], r["total"], r["with_plan"], r["with_evaluation"])
        for r in rows
    ]


def _suppressed(value: int, threshold: int) -> int | None:
    return None if 0 < value < threshold else value


def coverage_shares(rows: list[Coverage], threshold: int) -> list[dict]:
    """Each municipality's counts and percentages with small numbers hidden.
    A hidden count hides the percentage that would reveal it, and the
    complement (people without a plan) is checked too."""
    result = []
    for row in rows:
        entry = {"municipality_id": row.municipality_id}
        total = _suppressed(row.pathway3, threshold)
        entry["pathway3"] = total
        for key in ("established", "evaluated"):
            count = getattr(row, key)
            hidden = (
                total is None
                or _suppressed(count, threshold) is None
                or _suppressed(row.pathway3 - count, threshold) is None
            )
            entry[key] = None if hidden else count
            entry[f"{key}_share"] = (
                None if hidden or not row.pathway3 else round(100 * count / row.pathway3)
            )
        result.append(entry)
    return result
