"""Why requests were closed: referrals withdrawn and completed, applications
for the residence closed without an admission, and stays that ended, each
counted per reason category in the period.

The counts come from the owning apps' QuerySets (`Referral.objects.closing_reasons`,
`Application.objects.closed_by_reason`, `Stay.objects.ended_by_reason`); the
categories are the apps' TextChoices. Small numbers are suppressed as
everywhere in the report (a column total beside them: secondary suppression).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from capacity.choices import ApplicationCloseReason, StayEndReason
from capacity.models import Application, Stay
from referrals.choices import CompletionReason, WithdrawalReason
from referrals.models import Referral
from reports.figures import region as regions
from reports.figures.base import Section, Table
from reports.figures.capacity import residences_in_region
from reports.period import Period
from reports.suppression import SuppressedTable


def reason_table(
    caption: str, column: str, choices: type[models.TextChoices], counts: dict[str, int]
) -> Table:
    """One row per category, in the order of the choices, with the total."""
    rows = [(str(label).capitalize(), [counts.get(value, 0)]) for value, label in choices.choices]
    return Table(
        caption=caption,
        row_heading=_("Reason"),
        columns=[column],
        table=SuppressedTable(rows, column_totals=True, width=1),
        totals_label=pgettext("council report", "Total"),
    )


def _in_region(period: Period):
    """Referrals of the region's people; applications to and stays at the
    region's residences."""
    region = regions.current()
    referrals = region.narrow(Referral.objects.all(), "service_user__home_municipality")
    if region.everywhere:
        return referrals, Application.objects.all(), Stay.objects.all()
    residences = residences_in_region(period)
    return (
        referrals,
        Application.objects.filter(residence__in=residences),
        Stay.objects.filter(place__residence__in=residences),
    )


def build(period: Period) -> Section:
    referral_rows, applications, stays = _in_region(period)
    referrals = referral_rows.closing_reasons(period.start, period.end)
    return Section(
        key="closing",
        title=_("Why requests were closed"),
        intro=_(
            "Every withdrawal, completion, closed application and discharge is recorded "
            "with a reason category; words are required when the category is other."
        ),
        tables=[
            reason_table(
                _("Referrals withdrawn, by reason"),
                _("Withdrawn"),
                WithdrawalReason,
                referrals["withdrawn"],
            ),
            reason_table(
                _("Referrals completed, by reason"),
                _("Completed"),
                CompletionReason,
                referrals["completed"],
            ),
            reason_table(
                _("Applications for the residence closed without admission, by reason"),
                _("Closed"),
                ApplicationCloseReason,
                applications.closed_by_reason(period.start, period.end),
            ),
            reason_table(
                _("Stays at the residence that ended, by reason"),
                _("Ended"),
                StayEndReason,
                stays.ended_by_reason(period.start, period.end),
            ),
        ],
    )
