"""Flows: referrals per flow (municipality to DPS, BUP and the residence, returns to
the municipalities), the share assessed within the 10-working-day deadline and the
rejection rate with reason categories per receiving unit.

Every count comes from the referrals app's Referral QuerySet: `sent_in(...)
.per_flow()`, `received_in(...).deadline_compliance()` and `decided_in(...)
.decisions_per_receiver()`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from municipalities.models import Organisation
from referrals.choices import RejectionReason
from referrals.models import Referral
from referrals.querysets import FLOWS
from reports.figures import region as regions
from reports.figures import trends
from reports.figures.base import Fact, Section, Table
from reports.period import Period
from reports.suppression import (
    Cell,
    Mark,
    SuppressedTable,
    count_cell,
    difference,
    percentage,
)


def flow_labels() -> dict[str, str]:
    return {
        "dps": _("Municipality to DPS"),
        "bup": _("Municipality to BUP"),
        "residence": _("Municipality to the residence"),
        "return": _("Returns to the municipalities"),
    }


def _units(kinds) -> list[Organisation]:
    """The active units of these kinds that serve the region."""
    return list(
        regions.current()
        .serving(Organisation.objects.filter(kind__in=kinds, active=True))
        .order_by("kind", "name")
        .only("name", "kind")
    )


def _referrals():
    """Referrals of the people whose home municipality is in the region."""
    return regions.current().narrow(Referral.objects.all(), "service_user__home_municipality")


def flows_table(period: Period) -> Table:
    before = period.previous()
    now = _referrals().sent_in(period.start, period.end).per_flow()
    then = _referrals().sent_in(before.start, before.end).per_flow()
    labels = flow_labels()
    rows = [(labels[flow], [now[flow], then[flow]]) for flow in FLOWS]
    table = SuppressedTable(rows, column_totals=True)
    changes = [[difference(row.cells[0], row.cells[1])] for row in table.rows]
    totals = table.column_totals
    return Table(
        caption=_("Referrals per flow"),
        row_heading=pgettext("council report", "Flow"),
        columns=[pgettext("council report", "This period"), _("Previous period")],
        table=table,
        totals_label=pgettext("council report", "All flows"),
        extra_columns=[pgettext("council report", "Change")],
        extra=changes,
        extra_totals=[difference(totals[0], totals[1])],
        note=_(
            "Referrals sent in the period, by who sent them to whom. Returns are "
            "discharge notices with recommendations from DPS, BUP or the residence back "
            "to the person's municipality."
        ),
    )


def compliance_table(period: Period, on=None) -> SuppressedTable:
    """Per DPS and BUP unit: referrals received in the period assessed within the
    deadline and late (row total: all assessed or overdue)."""
    counts = _referrals().received_in(period.start, period.end).deadline_compliance(on)
    rows = []
    for unit in _units([Organisation.Kind.DPS, Organisation.Kind.BUP]):
        unit_counts = counts.get(unit.pk, {"within": 0, "late": 0})
        rows.append((unit.name, [unit_counts["within"], unit_counts["late"]]))
    return SuppressedTable(rows, row_totals=True, column_totals=True, width=2)


def _compliance(table: SuppressedTable) -> Table:
    shares = [[percentage(row.cells[0], row.total)] for row in table.rows]
    totals = table.column_totals
    return Table(
        caption=_("Referrals assessed within the 10-working-day deadline per receiving unit"),
        row_heading=pgettext("council report", "Receiving unit"),
        columns=[
            pgettext("council report", "Within the deadline"),
            pgettext("council report", "Late"),
            pgettext("council report", "Total"),
        ],
        table=table,
        totals_label=pgettext("council report", "All units"),
        extra_columns=[_("Share within the deadline")],
        extra=shares,
        extra_totals=[percentage(totals[0], table.grand_total)],
        note=_(
            "Referrals received in the period that are under the legal deadline. Late: "
            "decided after the deadline, or still undecided with the deadline passed. "
            "Referrals still inside their deadline when the report was made are not counted."
        ),
    )


def deadline_fact(period: Period) -> Fact:
    shares = []
    for p in (period, period.previous()):
        table = compliance_table(p)
        shares.append(percentage(table.column_totals[0], table.grand_total))
    value, previous = shares
    return trends.share_fact(
        _("Deadline compliance"),
        value,
        previous,
        _(
            "DPS and BUP assessed %(share)s of the referrals they received within "
            "the 10-working-day deadline."
        )
        % {"share": value.text},
    )


def decisions_table(period: Period) -> Table:
    reasons = list(RejectionReason)
    counts = _referrals().decided_in(period.start, period.end).decisions_per_receiver()
    rows = []
    for unit in _units([Organisation.Kind.DPS, Organisation.Kind.BUP, Organisation.Kind.RESIDENCE]):
        unit_counts = counts.get(unit.pk, {})
        rows.append(
            (unit.name, [unit_counts.get("accepted", 0), *(unit_counts.get(r, 0) for r in reasons)])
        )
    table = SuppressedTable(rows, row_totals=True, column_totals=True, width=1 + len(reasons))
    rates = [[_rejection_rate(row.cells[0], row.total)] for row in table.rows]
    totals = [*table.column_totals, table.grand_total]
    return Table(
        caption=_("Decisions per receiving unit: accepted, and rejected by reason"),
        row_heading=pgettext("council report", "Receiving unit"),
        columns=[
            pgettext("council report", "Accepted"),
            *(str(r.label).capitalize() for r in reasons),
            pgettext("council report", "Decided"),
        ],
        table=table,
        totals_label=pgettext("council report", "All units"),
        extra_columns=[pgettext("council report", "Rejection rate")],
        extra=rates,
        extra_totals=[_rejection_rate(totals[0], totals[-1])],
        note=_(
            "Referrals accepted or rejected in the period; the columns between Accepted "
            "and Decided count the rejections by their reason. Rejection rate: rejected "
            "referrals as a share of all decided."
        ),
    )


def _rejection_rate(accepted: Cell, decided: Cell) -> Cell:
    """Rejected / decided, where rejected = decided - accepted is itself a count:
    hidden when it is small or cannot be worked out from what is shown."""
    if accepted.suppressed or decided.suppressed:
        rejected = Cell(None, Mark.SECONDARY, decided.threshold)
    else:
        rejected = count_cell(int(decided.value - accepted.value), decided.threshold)
    return percentage(rejected, decided)


def build(period: Period) -> Section:
    return Section(
        key="flows",
        title=_("Flows"),
        intro=_("Referrals between the municipalities, DPS, BUP and the residence."),
        tables=[
            flows_table(period),
            _compliance(compliance_table(period)),
            decisions_table(period),
        ],
    )
