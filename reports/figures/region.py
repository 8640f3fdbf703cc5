"""The region a council report covers: one regional council's municipalities.

A council (an organisation of kind council) lists the municipalities it serves
in its catchment. Its report counts only those municipalities, the
municipalities that were merged into them (a 2019 report of Sogn regionråd
lists Balestrand and Leikanger), the residences that lie in them, and the
people whose home municipality is one of them. Without a council (a report
made from the command line, or by an administrator for the whole of BOPS)
every municipality is counted.

`build_report` sets the region for the duration of one build
(`base.one_build(region)`); the section modules ask `current()` and narrow
their querysets with `Region.narrow`.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from municipalities.models import Municipality, Organisation


@dataclass(frozen=True)
class Region:
    name: str = ""
    # Municipality ids counted, former ones included; None: every municipality.
    municipality_ids: frozenset[int] | None = None
    council_id: int | None = None

    @property
    def everywhere(self) -> bool:
        return self.municipality_ids is None

    def narrow(self, queryset, lookup: str):
        """`queryset` limited to rows whose `lookup` (a municipality id path,
        e.g. "service_user__home_municipality") is in the region."""
        if self.municipality_ids is None:
            return queryset
        return queryset.filter(**{f"{lookup}__in": self.municipality_ids})

    def serving(self, organisations):
        """The `organisations` that serve the region (a municipality of it in
        their catchment) or lie in it."""
        if self.municipality_ids is None:
            return organisations
        ids = self.municipality_ids
        return organisations.filter(Q(catchment__in=ids) | Q(municipality__in=ids)).distinct()

    def includes(self, municipality_id: int | None) -> bool:
        return self.municipality_ids is None or municipality_id in self.municipality_ids


EVERYWHERE = Region()

_current: ContextVar[Region] = ContextVar("reports_figures_region", default=EVERYWHERE)


def current() -> Region:
    return _current.get()


@contextmanager
def covering(region: Region):
    token = _current.set(region)
    try:
        yield region
    finally:
        _current.reset(token)


def region_of(council: Organisation | None) -> Region:
    """The region of `council`: its catchment, and every municipality whose
    successor chain ends in one of them (or in what a listed former
    municipality became). Two queries."""
    if council is None:
        return EVERYWHERE
    catchment = set(council.catchment.values_list("pk", flat=True))
    today = Municipality.objects.as_of(timezone.localdate())
    targets = {today[pk].pk for pk in catchment if pk in today}
    ids = catchment | {pk for pk, now in today.items() if now.pk in targets}
    return Region(name=council.name, municipality_ids=frozenset(ids), council_id=council.pk)
