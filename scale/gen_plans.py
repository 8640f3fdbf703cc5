"""Individual plans of the synthetic people: one for each person whose
record says a plan is being made or established, as the record says."""

from __future__ import annotations

from scale.shapes import DAY

OWN_WORDS = [
    "Eg vil bu for meg sjølv og ha noko å gå til kvar dag.",
    "Eg vil ha kontakt med familien min igjen.",
    "Eg vil kome i arbeid, litt om gongen.",
]


class PlansMixin:
    def _plans(self) -> None:
        rng, rows = self.rng, []
        status_of = {"in_progress": "being_prepared", "established": "established"}
        for pk, home, _born in self.people:
            status = status_of.get(self.ip_status[pk])
            if status is None:
                continue
            decided = self.today - DAY * rng.randrange(30, 900)
            created = self._at(decided)
            rows.append(
                (
                    self.ids.take("municipalities_individualplan"),
                    created,
                    created,
                    status,
                    decided if status == "established" else None,
                    "",
                    "",
                    rng.choice(OWN_WORDS),
                    self.today + DAY * rng.randrange(14, 180),
                    self.member[self.service_of[home]],
                    pk,
                )
            )
        self._copy(
            "individual plans",
            "municipalities_individualplan",
            [
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
            ],
            rows,
        )
