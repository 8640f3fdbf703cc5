"""Waiting: the waiting list at the end of the period by priority, and the waiting
time from application to admission (median and longest).

Round two reads these from the capacity app's Application QuerySet methods.
"""

from django.utils.translation import gettext as _

from bops.reports.figures.base import Pending, Section
from bops.reports.period import Period


def build(period: Period) -> Section:
    return Section(
        key="waiting",
        title=_("Waiting"),
        intro=_("Who was waiting for a place, and for how long."),
        pending=[
            Pending(_("Waiting list at the end of the period by priority"), "capacity"),
            Pending(
                _("Waiting time from application to admission: median and longest"), "capacity"
            ),
        ],
    )
