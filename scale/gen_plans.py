"""Individual plans of the synthetic people: one for each person whose
record says a plan is being made or established, as the record says. Their
parts (goals, measures, the responsibility group, crisis plans, evaluations)
come later, in `gen_plan_parts`, and every change the plan services would
record is in the plan history (`gen_plan_history`)."""

from __future__ import annotations

from scale.shapes import DAY

OWN_WORDS = [
    "Eg vil bu for meg sjølv og ha noko å gå til kvar dag.",
    "Eg vil ha kontakt med familien min igjen.",
    "Eg vil kome i arbeid, litt om gongen.",
]
PLAN_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "status",
    "decision_date",
    "refusal_reason",
    "proposed_group",
    "owner_statement",
    "next_evaluation",
    "coordinator_id",
    "service_user_id",
]


class PlansMixin:
    """Methods of `Generator`; they use its random generator, ids and `_copy`."""

    def _plans(self) -> None:
        """The plans themselves (their parts come after the stays and
        referrals they point at: `_plan_parts`)."""
        rng, rows = self.rng, []
        self.plans: list[tuple] = []
        status_of = {"in_progress": "being_prepared", "established": "established"}
        for pk, home, born in self.people:
            status = status_of.get(self.ip_status[pk])
            if status is None:
                continue
            decided = self.today - DAY * rng.randrange(30, 900)
            requested = self._at(decided - DAY * rng.randint(3, 30))
            plan = self.ids.take("municipalities_individualplan")
            coordinator = self.member[self.service_of[home]]
            rows.append(
                (
                    plan,
                    requested,
                    self.now,
                    status,
                    decided,
                    "",
                    "Koordinator, fastlege og spesialisthelseteneste",
                    rng.choice(OWN_WORDS),
                    self.today + DAY * rng.randrange(-30, 180),
                    coordinator,
                    pk,
                )
            )
            self.plans.append((plan, pk, home, born, status, decided, requested, coordinator))
        self._copy("individual plans", "municipalities_individualplan", PLAN_COLUMNS, rows)
