"""Shared measures and agreements: how many people used each shared measure
of the catalogue per home municipality, and how many cooperation agreements
are due for review or out of date.

The use comes from the catalogue's Measure QuerySet (`use_in(start, end)`,
people counted once per measure), folded into the municipalities as they were
on the period's last day. Counts of people are suppressed as everywhere in the
report (reports/suppression.py); agreements name no one and are not.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from catalogue.models import Agreement, Measure
from municipalities.models import Organisation
from reports.figures import region as regions
from reports.figures.base import Section, Table
from reports.figures.capacity import fold, municipalities_in_report
from reports.period import Period
from reports.suppression import SuppressedTable


def use_table(period: Period) -> Table:
    use = Measure.objects.use_in(period.start, period.end, regions.current().municipality_ids)
    municipalities = list(municipalities_in_report(period))
    listed = {m.pk for m in municipalities}
    folded = {pk: fold(counts, period) for pk, counts in use.items()}
    used_here = [pk for pk, counts in folded.items() if listed & counts.keys()]
    # The measures that serve one of the region's municipalities, and any the
    # region's people used: not the whole country's catalogue.
    measures = regions.current().narrow(Measure.objects.filter(active=True), "municipalities")
    measures = Measure.objects.filter(
        Q(pk__in=measures.values("pk")) | Q(pk__in=used_here)
    ).order_by("name")
    rows = []
    for measure in measures:
        per_municipality = folded.get(measure.pk, {})
        rows.append((measure.name, [per_municipality.get(m.pk, 0) for m in municipalities]))
    return Table(
        caption=_("People who used each shared measure, per home municipality"),
        row_heading=pgettext("council report", "Measure"),
        columns=[m.name for m in municipalities] + [pgettext("council report", "Total")],
        table=SuppressedTable(rows, row_totals=True, width=len(municipalities)),
        note=_(
            "A person used a shared measure in the period when a measure in their "
            "individual plan points at it in the catalogue and was under way in the period "
            "(active or ended, started by the last day and not ended before the first), or "
            "when a referral of the measure's referral kind was sent to its receiving unit "
            "for them in the period. Each person counts once per measure, in their home "
            "municipality; a person who used two measures counts in both rows, so the rows "
            "are not added up."
        ),
    )


def agreement_counts(period: Period) -> dict[str, int]:
    """Agreements that applied in the period (started by its last day, not
    ended before its first), as they stood on its last day."""
    region = regions.current()
    agreements = Agreement.objects.all()
    if not region.everywhere:
        parties = region.serving(Organisation.objects.all())
        agreements = agreements.filter(pk__in=Agreement.objects.filter(parties__in=parties))
    applied = agreements.filter(valid_from__lte=period.end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=period.start)
    )
    return {
        "due": applied.in_force(period.end).due_for_review(period.end).count(),
        "out_of_date": applied.out_of_date(period.end).count(),
    }


def agreements_table(period: Period) -> Table:
    counts = agreement_counts(period)
    rows = [
        (_("Due for review within 60 days"), [counts["due"]]),
        (_("Out of date: expired or review date passed"), [counts["out_of_date"]]),
    ]
    return Table(
        caption=_("Cooperation agreements to review"),
        row_heading=pgettext("council report", "Agreements"),
        columns=[pgettext("council report", "Number")],
        # Agreements name no person: their counts are never suppressed.
        table=SuppressedTable(rows, limit=1),
        note=_(
            "Agreements, service agreements and routines that applied in the period, on "
            "its last day: due for review within 60 days, or expired or past their review "
            "date without a review."
        ),
    )


def build(period: Period) -> Section:
    return Section(
        key="measures",
        title=_("Shared measures and agreements"),
        intro=_(
            "How much the shared measures of the catalogue are used, and whether the "
            "agreements behind the cooperation are kept up to date."
        ),
        tables=[use_table(period), agreements_table(period)],
    )
