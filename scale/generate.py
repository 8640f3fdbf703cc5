"""Fill PostgreSQL with synthetic data at a given scale (see `plan.SCALES`).

Everything is made in memory from one seeded random generator and written
with COPY (see `copying`), in one transaction: a failed run leaves nothing
behind. Ids are assigned here so rows can point at each other before they
are written; the sequences are moved past them at the end.

The invariants the database enforces hold by construction:
- a place holds one stay at a time (each place's stays are made one after
  another), and a person has at most one ongoing stay and never two stays
  at once (people are assigned in start order to whoever is free);
- a person has at most one open referral per receiver and kind (checked
  while drawing), and one open application per residence;
- identity numbers are synthetic (`municipalities.identity.make_synthetic`).
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from scale.copying import Progress, copy_rows
from scale.gen_catalogue import CatalogueMixin
from scale.gen_documents import DocumentsMixin
from scale.gen_notices import NoticesMixin
from scale.gen_people import PeopleMixin
from scale.gen_plan_history import PlanHistoryMixin
from scale.gen_plan_parts import PlanPartsMixin
from scale.gen_plans import PlansMixin
from scale.gen_recommendations import RecommendationsMixin
from scale.gen_referrals import ReferralsMixin
from scale.gen_residences import ResidencesMixin
from scale.plan import Scale
from scale.shapes import USER_PREFIX, Ids

__all__ = ["TABLES", "USER_PREFIX", "Generator"]


class Generator(
    PeopleMixin,
    CatalogueMixin,
    PlansMixin,
    PlanPartsMixin,
    PlanHistoryMixin,
    ResidencesMixin,
    ReferralsMixin,
    RecommendationsMixin,
    NoticesMixin,
    DocumentsMixin,
):
    """Makes the rows of one scale, domain by domain (gen_people, gen_catalogue,
    gen_plans, gen_plan_parts, gen_plan_history, gen_residences, gen_referrals,
    gen_recommendations, gen_notices, gen_documents), and writes each table with COPY."""

    def __init__(self, scale: Scale, cursor, seed: int = 2026, stdout=None):
        self.scale = scale
        self.cursor = cursor
        self.rng = random.Random(seed)
        self.stdout = stdout
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.today = timezone.localdate(self.now)
        self.first_day = self.today - datetime.timedelta(days=365 * scale.years)
        self.ids = Ids()
        self.counts: dict[str, int] = {}

    # --- helpers ---------------------------------------------------------

    def _copy(self, label: str, table: str, columns: list[str], rows: list) -> None:
        progress = Progress(label, len(rows), stream=self.stdout)
        self.counts[table] = self.counts.get(table, 0) + copy_rows(
            self.cursor, table, columns, rows, progress
        )
        progress.close()

    def _at(self, day: datetime.date, hour: int | None = None) -> datetime.datetime:
        hour = self.rng.randint(8, 15) if hour is None else hour
        # What timezone.make_aware does for a zoneinfo zone, without looking the
        # zone up again for each of the half million times made at national scale.
        return datetime.datetime.combine(
            day, datetime.time(hour, self.rng.randint(0, 59)), tzinfo=self.tz
        )

    def _reserve_ids(self, tables: list[str]) -> None:
        for table in tables:
            self.cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
            self.ids.next[table] = self.cursor.fetchone()[0]

    # --- the run ---------------------------------------------------------

    def run(self) -> dict[str, int]:
        self._reserve_ids(TABLES)
        self._municipalities()
        self._organisations()
        self._users()
        self._service_users()
        self._catalogue()
        self._plans()
        self._residences()
        self._stays_and_applications()
        self._referrals()
        self._cost_keys()
        self._private_purchases()
        self._plan_parts()
        self._notices()
        self._documents()
        return self.counts


TABLES = [
    "municipalities_municipality",
    "municipalities_organisation",
    "municipalities_organisation_catchment",
    "auth_user",
    "municipalities_membership",
    "municipalities_serviceuser",
    "municipalities_individualplan",
    "capacity_residence",
    "capacity_unit",
    "capacity_place",
    "capacity_stay",
    "capacity_application",
    "referrals_referral",
    "referrals_referralevent",
    "capacity_costkey",
    "municipalities_privatepurchase",
    "catalogue_agreement",
    "catalogue_agreement_parties",
    "catalogue_measure",
    "catalogue_measure_municipalities",
    "municipalities_goal",
    "municipalities_measure",
    "catalogue_planmeasureentry",
    "municipalities_participant",
    "municipalities_crisisplan",
    "municipalities_evaluation",
    "municipalities_planhistory",
    "referrals_recommendation",
    "referrals_recommendationevent",
    "referrals_notice",
    "documents_document",
    "documents_documentevent",
]
