"""Summary: the key figures, each against the previous period of the same length.

Each fact is built from the same function its own section uses, so the summary
and the section cannot disagree.
"""

from django.utils.translation import gettext as _

from bops.reports.figures import economy
from bops.reports.figures.base import Fact, Pending, Section
from bops.reports.period import Period
from bops.reports.suppression import amount_cell, difference


def private_purchase_fact(period: Period) -> Fact:
    now = sum(f.cost for f in economy.private_purchases(period).values())
    before = sum(f.cost for f in economy.private_purchases(period.previous()).values())
    value, previous = amount_cell(now, " kr"), amount_cell(before, " kr")
    change = difference(value, previous)  # amounts are never suppressed, so this is shown
    if now > before:
        trend = _("That is %(change)s more than in the previous period of the same length.")
    elif now < before:
        trend = _("That is %(change)s less than in the previous period of the same length.")
    else:
        trend = _("That is the same as in the previous period of the same length.")
    return Fact(
        label=_("Private purchases"),
        value=value,
        previous=previous,
        change=change,
        sentences=[
            _("The municipalities paid %(cost)s for places bought from private providers.")
            % {"cost": value.text},
            trend % {"change": amount_cell(abs(now - before), " kr").text},
        ],
    )


def build(period: Period) -> Section:
    return Section(
        key="summary",
        title=_("Summary"),
        intro=_("The key figures of the period, each compared with the period just before it."),
        facts=[private_purchase_fact(period)],
        pending=[
            Pending(_("Utilisation of the residence"), "capacity"),
            Pending(_("People served"), "capacity"),
            Pending(_("Waiting list"), "capacity"),
            Pending(_("Deadline compliance"), "referrals"),
            Pending(_("Cost per municipality by the cost key"), "capacity"),
        ],
    )
