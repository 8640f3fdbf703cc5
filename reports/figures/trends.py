"""The change from the previous period of the same length, as a cell and in words.

A change is a `difference` of two cells, so it is hidden whenever either side
is; the sentence then says why there is no number rather than printing one.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reports.figures.base import Fact
from reports.suppression import Cell, Mark, difference


def count_change(value: Cell, previous: Cell) -> Cell:
    return difference(value, previous)


def points(value: Cell, previous: Cell) -> Cell:
    """The change of a percentage, in percentage points."""
    change = difference(value, previous)
    if change.value is None:
        return Cell(None, Mark.SECONDARY, change.threshold, change.decimals)
    return Cell(
        change.value,
        change.mark,
        change.threshold,
        change.decimals,
        " " + pgettext("council report", "pp"),
    )


def _unsigned(change: Cell) -> str:
    return Cell(
        abs(change.value), change.mark, change.threshold, change.decimals, change.suffix
    ).text


def _rounds_to_zero(change: Cell) -> bool:
    return round(abs(change.value), change.decimals) == 0


def count_sentence(change: Cell) -> str:
    """ "That is 3 more than in the previous period ..." for counts, days and kroner."""
    if change.value is None:
        return _(
            "The change from the previous period is not shown, because a small number "
            "could be worked out from it, or there are no figures to compare with."
        )
    if _rounds_to_zero(change):
        return _("That is the same as in the previous period of the same length.")
    if change.value > 0:
        return _("That is %(change)s more than in the previous period of the same length.") % {
            "change": _unsigned(change)
        }
    return _("That is %(change)s less than in the previous period of the same length.") % {
        "change": _unsigned(change)
    }


def points_sentence(change: Cell) -> str:
    """The same for a percentage, whose change is in percentage points."""
    if change.value is None:
        return _(
            "The change from the previous period is not shown, because a small number "
            "could be worked out from it, or there are no figures to compare with."
        )
    if _rounds_to_zero(change):
        return _("That is the same as in the previous period of the same length.")
    amount = Cell(abs(change.value), change.mark, change.threshold, change.decimals).text
    if change.value > 0:
        return _(
            "That is %(points)s percentage points higher than in the previous period "
            "of the same length."
        ) % {"points": amount}
    return _(
        "That is %(points)s percentage points lower than in the previous period of the same length."
    ) % {"points": amount}


def describe(value: Cell, sentence: str) -> str:
    """`sentence` (already filled in with the value), unless the value is hidden
    or there is nothing to count: then say so instead of printing a bare symbol."""
    if value.mark is Mark.SECONDARY:
        return _(
            "The figure is hidden (“:”) so that a small number in the tables cannot be "
            "worked out from it."
        )
    if value.mark is Mark.SHOWN and value.value is None:
        return _("There is nothing to count for this period (“.”).")
    return sentence


def share_fact(label: str, value: Cell, previous: Cell, sentence: str) -> Fact:
    """A percentage against the previous period: the figure's sentence
    (already filled in) and the change in percentage points."""
    change = points(value, previous)
    return Fact(
        label=label,
        value=value,
        previous=previous,
        change=change,
        sentences=[describe(value, sentence), points_sentence(change)],
    )


def count_fact(label: str, value: Cell, previous: Cell, sentence: str) -> Fact:
    """A count or mean against the previous period: the figure's sentence
    (already filled in) and the change in words."""
    change = count_change(value, previous)
    return Fact(
        label=label,
        value=value,
        previous=previous,
        change=change,
        sentences=[describe(value, sentence), count_sentence(change)],
    )
