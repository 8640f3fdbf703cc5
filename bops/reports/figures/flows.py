"""Flows: referrals per flow (municipality to DPS, BUP and the residence, returns to
the municipalities), the share assessed within the 10-working-day deadline and the
rejection rate with reason categories per receiving unit.

Round two reads these from the referrals app's Referral QuerySet methods.
"""

from django.utils.translation import gettext as _

from bops.reports.figures.base import Pending, Section
from bops.reports.period import Period


def build(period: Period) -> Section:
    return Section(
        key="flows",
        title=_("Flows"),
        intro=_("Referrals between the municipalities, DPS, BUP and the residence."),
        pending=[
            Pending(
                _(
                    "Referrals per flow: municipality to DPS, to BUP, to the residence, "
                    "and returns to the municipalities"
                ),
                "referrals",
            ),
            Pending(
                _("Share assessed within the 10-working-day deadline per receiving unit"),
                "referrals",
            ),
            Pending(_("Rejection rate per receiving unit with reason categories"), "referrals"),
        ],
    )
