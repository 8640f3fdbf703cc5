"""Summary: the key figures, each against the previous period of the same length.

Each fact is built from the same function its own section uses, so the summary
and the section cannot disagree.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reports.figures import capacity, economy, flows, trends, waiting
from reports.figures.base import Fact, Section
from reports.period import Period
from reports.suppression import amount_cell, difference


def _kroner_trend(now: int, before: int) -> str:
    change = difference(amount_cell(now, " kr"), amount_cell(before, " kr"))
    return trends.count_sentence(change)


def residence_cost_fact(period: Period) -> Fact:
    """What the shared residences cost the municipalities by the cost keys, beside
    what they paid for private places in the same period (hidden as the
    economy section hides it)."""
    now, before = economy.splits(period), economy.splits(period.previous(), on=period)
    total = sum(int(cost.budget) for cost in now if cost)
    previous_total = sum(int(cost.budget) for cost in before if cost)
    private = economy.purchases(period).cost_total
    shares = sorted(economy.combined(now), key=lambda s: s.total)
    value, previous = amount_cell(total, " kr"), amount_cell(previous_total, " kr")
    first = (
        _(
            "By the cost key the municipalities paid %(total)s for the shared residence, "
            "from %(low)s (%(low_name)s) to %(high)s (%(high_name)s); they paid %(private)s "
            "for places bought from private providers."
        )
        % {
            "total": value.text,
            "low": amount_cell(int(shares[0].total), " kr").text,
            "low_name": shares[0].municipality.name,
            "high": amount_cell(int(shares[-1].total), " kr").text,
            "high_name": shares[-1].municipality.name,
            "private": private.text,
        }
        if shares
        else _("No cost key is registered for the period.")
    )
    return Fact(
        label=pgettext("council report", "Cost per municipality"),
        value=value,
        previous=previous,
        change=difference(value, previous),
        sentences=[first, _kroner_trend(total, previous_total)],
    )


def private_purchase_fact(period: Period) -> Fact:
    """The total of the purchase table, hidden where the table hides it (when
    all purchases belong to fewer people than the threshold in one municipality)."""
    value = economy.purchases(period).cost_total
    previous = economy.purchases(period.previous(), on=period).cost_total
    change = difference(value, previous)
    return Fact(
        label=_("Private purchases"),
        value=value,
        previous=previous,
        change=change,
        sentences=[
            trends.describe(
                value,
                _("The municipalities paid %(cost)s for places bought from private providers.")
                % {"cost": value.text},
            ),
            trends.count_sentence(change),
        ],
    )


def build(period: Period) -> Section:
    return Section(
        key="summary",
        title=_("Summary"),
        intro=_("The key figures of the period, each compared with the period just before it."),
        facts=[
            capacity.utilisation_fact(period),
            capacity.people_served_fact(period),
            waiting.waiting_list_fact(period),
            flows.deadline_fact(period),
            residence_cost_fact(period),
            private_purchase_fact(period),
        ],
    )
