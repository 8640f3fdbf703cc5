"""Follow-up of returns: the share of the specialists' recommendations the
municipalities answered within 14 days and the share done within 3 months,
per kind of unit that wrote them (DPS, BUP, the residence).

The counts come from the referrals app's `Recommendation` QuerySet:
`written_in(...).follow_up_per_writer_kind()`. Small numbers are suppressed
as everywhere in the report (reports/suppression.py).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from referrals.recommendations import Recommendation
from reports.figures import region as regions
from reports.figures.base import Section, Table
from reports.period import Period
from reports.suppression import SuppressedTable, count_cell, percentage

WRITER_KINDS = ("dps", "bup", "residence")


def writer_labels() -> dict[str, str]:
    return {
        "dps": _("From DPS"),
        "bup": _("From BUP"),
        "residence": _("From the residence"),
    }


def follow_up_table(period: Period) -> Table:
    written = regions.current().narrow(
        Recommendation.objects.written_in(period.start, period.end),
        "referral__service_user__home_municipality",
    )
    counts = written.follow_up_per_writer_kind()
    labels = writer_labels()
    rows, done = [], []
    for kind in WRITER_KINDS:
        row = counts.get(kind, {"written": 0, "answered": 0, "done": 0})
        rows.append((labels[kind], [row["answered"], row["written"] - row["answered"]]))
        done.append(row["done"])
    table = SuppressedTable(rows, row_totals=True, column_totals=True, width=2)
    extra = []
    for row, done_count in zip(table.rows, done, strict=True):
        done_cell = count_cell(done_count)
        extra.append([percentage(row.cells[0], row.total), percentage(done_cell, row.total)])
    totals = table.column_totals
    all_done = count_cell(sum(done))
    return Table(
        caption=_("Recommendations after a return: answered and done"),
        row_heading=pgettext("council report", "Written by"),
        columns=[
            _("Answered within 14 days"),
            _("Not answered within 14 days"),
            pgettext("council report", "Total"),
        ],
        table=table,
        totals_label=pgettext("council report", "All units"),
        extra_columns=[_("Share answered within 14 days"), _("Share done within 3 months")],
        extra=extra,
        extra_totals=[
            percentage(totals[0], table.grand_total),
            percentage(all_done, table.grand_total),
        ],
        note=_(
            "Recommendations written in the period when a DPS, BUP or the residence "
            "completed a referral or sent a person back to the municipality. Answered: "
            "planned, in progress, done or not possible. Items written less than 3 months "
            "before the report was made may still be done later."
        ),
    )


def build(period: Period) -> Section:
    return Section(
        key="follow_up",
        title=_("Follow-up of returns"),
        intro=_(
            "Whether the municipalities answer and carry out the specialists' recommendations."
        ),
        tables=[follow_up_table(period)],
    )
