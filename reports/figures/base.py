"""The building blocks every section of figures returns.

A section module has one public function, `build(period) -> Section`. It reads
aggregates only (counts, sums, medians), never a row about a person, and hands
the template display cells that are already suppressed. A figure whose data is
not in BOPS yet is listed as `Pending`, so the report shows the structure and
says where the numbers will come from.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from reports import charts
from reports.figures import region as regions
from reports.suppression import Cell, SuppressedTable

# Figures read more than once while one report is built (the municipalities as
# of the last day, each residence's occupancy, the purchases): computed once.
_built: ContextVar[dict | None] = ContextVar("reports_figures_built", default=None)


@contextmanager
def one_build(region: regions.Region = regions.EVERYWHERE):
    """Within this block `once()` computes each figure a single time (outside
    it, a test calling one function, every time), and the figures count
    `region` only (outside it: every municipality)."""
    token = _built.set({})
    try:
        with regions.covering(region):
            yield
    finally:
        _built.reset(token)


def once(key: tuple, compute: Callable[[], Any]) -> Any:
    store = _built.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


@dataclass(frozen=True)
class Pending:
    """A figure whose data comes from an app that does not provide it yet."""

    title: str
    source: str  # e.g. "capacity" or "referrals": where round two reads it from


@dataclass
class Table:
    is_chart = False  # the template prints tables and charts in one list
    caption: str
    row_heading: str
    columns: list[str]
    table: SuppressedTable
    totals_label: str = ""
    extra_columns: list[str] = field(default_factory=list)
    extra: list[list[Cell]] = field(default_factory=list)  # amounts beside each row
    extra_totals: list[Cell] = field(default_factory=list)
    note: str = ""

    @property
    def rows(self):
        """(label, cells, extra cells) for the template, the totals row last."""
        for index, row in enumerate(self.table.rows):
            extra = self.extra[index] if index < len(self.extra) else []
            yield row.label, row.cells + ([row.total] if row.total else []), extra

    @property
    def totals(self) -> list[Cell]:
        totals = self.table.column_totals
        if self.table.grand_total is not None:
            totals = [*totals, self.table.grand_total]
        return totals


@dataclass(frozen=True)
class Chart:
    is_chart = True
    title: str
    svg: str  # from reports.charts
    description: str  # what the chart shows, in words, for readers who cannot see it

    @property
    def src(self) -> str:
        return charts.data_uri(self.svg)


@dataclass(frozen=True)
class Fact:
    """A key figure of the summary: this period, the one before, the change, in words."""

    label: str
    value: Cell
    previous: Cell
    change: Cell
    sentences: list[str]


@dataclass
class Section:
    key: str
    title: str
    intro: str = ""
    facts: list[Fact] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)
    # Tables and charts in print order, when a chart belongs beside its table;
    # without it the tables come first, then the charts.
    body: list[Table | Chart] = field(default_factory=list)

    @property
    def items(self) -> list[Table | Chart]:
        return self.body or [*self.tables, *self.charts]

    @property
    def has_figures(self) -> bool:
        return bool(self.facts or self.items)
