"""Small-number suppression, the way Norwegian health statistics do it.

Primary suppression: a count from 1 to threshold-1 (default 1..4) prints as
"<5". Zero stays zero: knowing that nobody was counted reveals no one.

Secondary suppression: a shown total must not let a reader work a suppressed
cell out by subtraction. Every row or column that has a shown total is an
equation (cells add up to the total). After primary suppression we look at
each such line and ask: could a reader pin down the exact value of any
suppressed cell from this equation, knowing that "<5" cells hold 1..4 and ":"
cells hold at least the threshold? If so we suppress one more cell in that
line -- the smallest non-zero shown cell ("the next smallest"), or the total
when no such cell is left -- and check all lines again until every line is
safe. This covers the classic case (exactly one suppressed cell in a line with
a total) and the subtler one (two cells of 1 next to a total that gives away
that they add up to 2).

Cells hidden by secondary suppression print ":" (Statistics Norway's symbol
for "withheld so that figures about individuals cannot be worked out").

Percentages and differences computed from a suppressed cell are suppressed,
and so is a shown share whose complement (denominator - numerator) is itself a
small count.

Amounts tied to people (`tied_amounts`): kroner and days that belong to a
suppressed count of people (a municipality's private purchases beside its
"<5" people) are hidden with it, since the cost divided by the days gives one
person's daily price. If that leaves exactly one hidden amount in a column with
a shown total, the smallest other non-zero amount is hidden too (or, with none,
the total). Amounts the bill needs (the cost key's split per municipality, and
the bed-days it is computed from) are never hidden.

A `Cell` never holds the true value of a suppressed count, so a template cannot
print it by mistake.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.conf import settings
from django.utils.formats import number_format

DEFAULT_THRESHOLD = 5


def threshold() -> int:
    """The smallest count printed as itself (settings.BOPS_SUPPRESSION_THRESHOLD)."""
    return int(getattr(settings, "BOPS_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))


class Mark(StrEnum):
    SHOWN = "shown"
    PRIMARY = "primary"  # a small count: "<5"
    SECONDARY = "secondary"  # hidden to protect a small count: ":"


SECONDARY_SYMBOL = ":"
# Statistics Norway's symbol for "not applicable": a share of nothing, a mean of no one.
EMPTY_SYMBOL = "."


@dataclass(frozen=True)
class Cell:
    """One printed figure. `value` is None whenever the figure is suppressed."""

    value: int | float | None
    mark: Mark = Mark.SHOWN
    threshold: int = DEFAULT_THRESHOLD
    decimals: int = 0
    suffix: str = ""

    @property
    def suppressed(self) -> bool:
        return self.mark is not Mark.SHOWN

    @property
    def text(self) -> str:
        if self.mark is Mark.PRIMARY:
            return f"<{self.threshold}"
        if self.mark is Mark.SECONDARY:
            return SECONDARY_SYMBOL
        if self.value is None:
            return EMPTY_SYMBOL
        # Rounded half up here: number_format cuts a float's extra decimals off,
        # which would print 84.8 % as "84 %".
        step = Decimal(1).scaleb(-self.decimals)
        rounded = Decimal(str(self.value)).quantize(step, rounding=ROUND_HALF_UP)
        return number_format(rounded, self.decimals, force_grouping=True) + self.suffix

    def __str__(self) -> str:
        return self.text


class Blank:
    """An empty table cell (nothing to print there, nothing hidden)."""

    suppressed = False
    value = None
    text = ""

    def __str__(self) -> str:
        return ""


BLANK = Blank()


def is_small(value: int, limit: int) -> bool:
    return 0 < value < limit


def count_cell(value: int, limit: int | None = None) -> Cell:
    """A standalone count with primary suppression only (no total beside it)."""
    limit = threshold() if limit is None else limit
    if is_small(value, limit):
        return Cell(None, Mark.PRIMARY, limit)
    return Cell(value, Mark.SHOWN, limit)


def amount_cell(value: int | float, suffix: str = "") -> Cell:
    """An amount (kroner, a mean): not a count of people, never suppressed."""
    return Cell(value, Mark.SHOWN, threshold(), suffix=suffix)


def tied_amounts(
    values: Sequence[int | float], hidden: set[int], suffix: str = ""
) -> tuple[list[Cell], Cell, set[int]]:
    """Amounts per row that belong to counts of people, with their total.

    `hidden`: the rows whose count of people is suppressed. Their amounts are
    hidden (":"); when that hides exactly one amount, the row with the smallest
    other non-zero amount is hidden too, or the total when there is none, so
    the total cannot give the hidden one away. Returns (cells, total, the rows
    hidden): pass the rows on to the row's other amount columns (days and
    kroner hide the same rows) and to any other table printing the same
    amounts."""
    limit = threshold()
    hidden = set(hidden)
    if len(hidden) == 1:
        others = [i for i, value in enumerate(values) if i not in hidden and value]
        if others:
            hidden.add(min(others, key=lambda i: (values[i], i)))
    secret = Cell(None, Mark.SECONDARY, limit, suffix=suffix)
    cells = [secret if i in hidden else amount_cell(v, suffix) for i, v in enumerate(values)]
    total = secret if len(hidden) == 1 else amount_cell(sum(values), suffix)
    return cells, total, hidden


def percentage(numerator: Cell, denominator: Cell, decimals: int = 0) -> Cell:
    """numerator / denominator as a percentage cell.

    Suppressed when either part is suppressed, and when the complement
    (denominator - numerator) is a small count, since a reader can subtract.
    Empty ("." without a mark) when the denominator is zero.
    """
    limit = denominator.threshold
    if numerator.suppressed or denominator.suppressed:
        return Cell(None, Mark.SECONDARY, limit, decimals, " %")
    if not denominator.value:
        return Cell(None, Mark.SHOWN, limit, decimals, " %")
    if is_small(int(denominator.value - numerator.value), limit):
        return Cell(None, Mark.SECONDARY, limit, decimals, " %")
    return Cell(100 * numerator.value / denominator.value, Mark.SHOWN, limit, decimals, " %")


def difference(current: Cell, previous: Cell) -> Cell:
    """current - previous; suppressed if either side is."""
    if current.suppressed or previous.suppressed or None in (current.value, previous.value):
        return Cell(None, Mark.SECONDARY, current.threshold, current.decimals, current.suffix)
    return Cell(
        current.value - previous.value,
        Mark.SHOWN,
        current.threshold,
        current.decimals,
        current.suffix,
    )


@dataclass(frozen=True)
class DisplayRow:
    label: str
    cells: list[Cell]
    total: Cell | None


class SuppressedTable:
    """A table of counts with optional row and column totals, suppressed.

    >>> t = SuppressedTable([("A", [3, 10]), ("B", [20, 30])], column_totals=True)
    >>> [c.text for c in t.column_totals]   # 23 and 40 shown; A's 3 is "<5"
    ['23', '40']

    Column A-cell 3 sits in a column with a shown total (23), so the next
    smallest cell in that column (20) is hidden too: see the module docstring.
    """

    def __init__(
        self,
        rows: Sequence[tuple[str, Sequence[int]]],
        *,
        row_totals: bool = False,
        column_totals: bool = False,
        limit: int | None = None,
        width: int | None = None,
    ):
        """`width`: the number of cells per row, needed only when there may be no rows."""
        self.limit = threshold() if limit is None else limit
        self.labels = [label for label, _ in rows]
        self._values = [[int(v) for v in values] for _, values in rows]
        widths = {len(v) for v in self._values}
        if len(widths) > 1:
            raise ValueError("Every row needs the same number of cells.")
        self.width = widths.pop() if widths else (width or 0)
        self.has_row_totals = row_totals
        self.has_column_totals = column_totals
        self._marks = self._suppress()

    # -- the grid: interior cells (r, c); row totals (r, "T"); column totals ("T", c);
    # the grand total ("T", "T") when both kinds of total are shown.

    def _value(self, key) -> int:
        r, c = key
        if r == "T" and c == "T":
            return sum(map(sum, self._values))
        if c == "T":
            return sum(self._values[r])
        if r == "T":
            return sum(row[c] for row in self._values)
        return self._values[r][c]

    def _keys(self) -> list:
        keys = [(r, c) for r in range(len(self._values)) for c in range(self.width)]
        if self.has_row_totals:
            keys += [(r, "T") for r in range(len(self._values))]
        if self.has_column_totals:
            keys += [("T", c) for c in range(self.width)]
        if self.has_row_totals and self.has_column_totals:
            keys.append(("T", "T"))
        return keys

    def _lines(self) -> list[tuple[list, tuple]]:
        """Each equation the reader sees: (parts, total) with parts adding up to total."""
        rows, cols = range(len(self._values)), range(self.width)
        lines = []
        if self.has_row_totals:
            lines += [([(r, c) for c in cols], (r, "T")) for r in rows]
        if self.has_column_totals:
            lines += [([(r, c) for r in rows], ("T", c)) for c in cols]
        if self.has_row_totals and self.has_column_totals:
            lines.append(([("T", c) for c in cols], ("T", "T")))
            lines.append(([(r, "T") for r in rows], ("T", "T")))
        return lines

    def _suppress(self) -> dict:
        marks = {
            key: Mark.PRIMARY if is_small(self._value(key), self.limit) else Mark.SHOWN
            for key in self._keys()
        }
        changed = True
        while changed:
            changed = False
            for parts, total in self._lines():
                if self._line_is_safe(parts, total, marks):
                    continue
                extra = self._next_to_hide(parts, total, marks)
                if extra is not None:
                    marks[extra] = Mark.SECONDARY
                    changed = True
        return marks

    def _bounds(self, key, marks) -> tuple[float, float]:
        """What a reader knows about a suppressed cell from its symbol alone."""
        if marks[key] is Mark.PRIMARY:
            return 1, self.limit - 1
        return self.limit, math.inf  # ":" cells are never 0 and never small

    def _line_is_safe(self, parts, total, marks) -> bool:
        """False when the line's equation pins a suppressed cell to one value."""
        # sum(parts) - total = 0; move the shown figures to the right-hand side.
        unknown = [(k, 1) for k in parts if marks[k] is not Mark.SHOWN]
        if marks[total] is not Mark.SHOWN:
            unknown.append((total, -1))
        if not unknown:
            return True
        known = sum(self._value(k) for k in parts if marks[k] is Mark.SHOWN)
        rhs = (self._value(total) if marks[total] is Mark.SHOWN else 0) - known
        spans = []
        for key, sign in unknown:
            lo, hi = self._bounds(key, marks)
            spans.append((key, sign, min(sign * lo, sign * hi), max(sign * lo, sign * hi)))
        for key, sign, _, _ in spans:
            others_lo = sum(s[2] for s in spans if s[0] != key)
            others_hi = sum(s[3] for s in spans if s[0] != key)
            # sign * x = rhs - others, so sign * x lies in [rhs - others_hi, rhs - others_lo]
            a, b = rhs - others_hi, rhs - others_lo
            lo_x, hi_x = (a, b) if sign == 1 else (-b, -a)
            own_lo, own_hi = self._bounds(key, marks)
            if max(lo_x, own_lo) == min(hi_x, own_hi):
                return False
        return True

    def _next_to_hide(self, parts, total, marks):
        shown = [k for k in parts if marks[k] is Mark.SHOWN and self._value(k) > 0]
        if shown:
            # The smallest one costs the reader least; ties go to the first row/column.
            return min(shown, key=lambda k: self._value(k))
        if marks[total] is Mark.SHOWN:
            return total
        return None

    def _cell(self, key) -> Cell:
        mark = self._marks[key]
        return Cell(self._value(key) if mark is Mark.SHOWN else None, mark, self.limit)

    @property
    def rows(self) -> list[DisplayRow]:
        return [
            DisplayRow(
                label=label,
                cells=[self._cell((r, c)) for c in range(self.width)],
                total=self._cell((r, "T")) if self.has_row_totals else None,
            )
            for r, label in enumerate(self.labels)
        ]

    @property
    def column_totals(self) -> list[Cell]:
        if not self.has_column_totals:
            return []
        return [self._cell(("T", c)) for c in range(self.width)]

    @property
    def grand_total(self) -> Cell | None:
        if self.has_row_totals and self.has_column_totals:
            return self._cell(("T", "T"))
        return None

    def cell(self, row: int, column: int) -> Cell:
        return self._cell((row, column))

    def texts(self) -> list[list[str]]:
        """The printed grid, rows then the totals row: handy in tests and exports."""
        grid = [
            [c.text for c in row.cells] + ([row.total.text] if row.total else [])
            for row in self.rows
        ]
        if self.has_column_totals:
            grid.append(
                [c.text for c in self.column_totals]
                + ([self.grand_total.text] if self.grand_total else [])
            )
        return grid

    @property
    def has_suppression(self) -> bool:
        return any(m is not Mark.SHOWN for m in self._marks.values())


def mean_cell(value: float | None, count: int, suffix: str = "", decimals: int = 0) -> Cell:
    """A mean (or median, or maximum) over `count` people: hidden as ":" when
    `count` is a small number, since it then describes one of very few persons.
    Empty (".") when there is nothing to average."""
    limit = threshold()
    if is_small(count, limit):
        return Cell(None, Mark.SECONDARY, limit, decimals, suffix)
    if value is None or not count:
        return Cell(None, Mark.SHOWN, limit, decimals, suffix)
    return Cell(value, Mark.SHOWN, limit, decimals, suffix)


def share_cell(fraction: float | None, decimals: int = 0) -> Cell:
    """A share of places or amounts (not of people), 0.0–1.0, as a percentage."""
    if fraction is None:
        return Cell(None, Mark.SHOWN, threshold(), decimals, " %")
    return Cell(100 * fraction, Mark.SHOWN, threshold(), decimals, " %")
