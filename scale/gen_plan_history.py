"""Scale data: the plan history of the synthetic individual plans. Every
change the plan services would record is a row: the status path (requested,
granted, being prepared, established) and the creation of each goal, measure
and participant (`gen_plan_parts`), with the same snapshots
(`municipalities.plans.services.TRACKED`)."""

from __future__ import annotations

import datetime
import json

from municipalities.plans.services import TRACKED
from scale.shapes import DAY

HISTORY_COLUMNS = ["id", "plan_id", "at", "by_id", "subject", "object_id", "before", "after"]


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def part_snapshot(model, values: dict) -> dict:
    """What `municipalities.plans.services.snapshot` records for a new part."""
    return {name: _plain(values[name]) for name in TRACKED[model]}


class PlanHistoryMixin:
    """Methods of `Generator`; they use its random generator, ids and `_at`,
    and fill `plan_rows["history"]` (written by `_plan_parts`)."""

    def _plan_history(self, plan, at, by, subject, object_id, before, after) -> None:
        self.plan_rows["history"].append(
            (
                self.ids.take("municipalities_planhistory"),
                plan,
                at,
                by,
                subject,
                object_id,
                None if before is None else json.dumps(before),
                json.dumps(after),
            )
        )

    def _plan_status_path(
        self, plan, requested, decided, status, by
    ) -> tuple[datetime.datetime, datetime.datetime | None]:
        """The status path, each step one history row, as change_status writes
        it; returns when the plan went to being prepared and (or None) when it
        was established."""
        rng, record = self.rng, self._plan_history
        established = None
        granted = self._at(decided)
        record(plan, requested, by, "status", plan, None, {"status": "requested"})
        record(
            plan,
            granted,
            by,
            "status",
            plan,
            {"status": "requested"},
            {"status": "granted", "decision_date": decided.isoformat()},
        )
        preparing = min(granted + DAY * rng.randint(1, 14), self.now)
        record(
            plan,
            preparing,
            by,
            "status",
            plan,
            {"status": "granted"},
            {"status": "being_prepared"},
        )
        if status == "established":
            established = min(preparing + DAY * rng.randint(14, 60), self.now)
            record(
                plan,
                established,
                by,
                "status",
                plan,
                {"status": "being_prepared"},
                {"status": "established"},
            )
        return preparing, established
