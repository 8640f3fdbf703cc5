"""Capacity: occupancy and utilisation per day, bed-days per municipality,
admissions, discharges and length of stay.

Round two reads these from the capacity app's QuerySet methods (occupancy per
day, bed-days per municipality) and draws them with charts.occupancy_chart and
charts.bar_chart; until then the section lists what it will hold.
"""

from django.utils.translation import gettext as _

from bops.reports.figures.base import Pending, Section
from bops.reports.period import Period


def build(period: Period) -> Section:
    return Section(
        key="capacity",
        title=_("Capacity"),
        intro=_("How the 20 places of the shared residence were used in the period."),
        pending=[
            Pending(_("Occupancy per day and utilisation (chart)"), "capacity"),
            Pending(_("Bed-days per municipality (table and bar chart)"), "capacity"),
            Pending(_("Admissions, discharges and average length of stay"), "capacity"),
        ],
    )
