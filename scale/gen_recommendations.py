"""Scale data: recommendation items of the returns and completed referrals,
and the municipality's answers with their history (see `generate.Generator`).

As `Referral.complete()` and the sending of a return do, the items are the
lines of the referral's `recommendations` text, written when the referral
was completed (by its receiver) or the return sent (by its sender). The
municipal side answers most within 14 days, some later, a few never;
`RecommendationEvent` holds one row per answer, as `Recommendation.answer()`
writes it (a few items go planned or in progress first, then done).
"""

from __future__ import annotations

import datetime

from referrals.choices import UNANSWERED_AFTER_DAYS

ITEMS = [
    ("Fast kontaktperson og ukentleg oppfølging", "municipal_service"),
    ("Vurder individuell plan og koordinator", "municipal_service"),
    ("Dagleg tilsyn første månad; kriseplanen er oppdatert", "municipal_service"),
    ("Oppfølging frå ROP-team; samarbeidsmøte om tre månader", "municipal_service"),
    ("Medisinsk kontroll hos fastlegen innan fire veker", "gp"),
    ("Vidare poliklinisk oppfølging ved DPS", "dps_outpatient"),
    ("Aktivitetstilbod på dagtid, gjerne med arbeidstrening", "other"),
]
ANSWERS = {
    "planned": "Teke inn i individuell plan.",
    "in_progress": "Oppstart denne veka.",
    "done": "Gjennomført.",
    "not_possible": "Kommunen har ikkje kapasitet på dette no.",
}
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


class RecommendationsMixin:
    """Methods of `Generator`; they use its random generator, ids and `_copy`."""

    def _recommendation_items(self, referral: int, writer: int, answerer: int, written) -> str:
        """Items for one referral written at `written`; `writer` is the unit
        that wrote them (the sender of a return, the receiver of a completed
        referral), `answerer` the municipal service that answers them.
        Returns the referral's
        `recommendations` text (one line per item)."""
        rng = self.rng
        rows, events = self.recommendation_rows, self.recommendation_event_rows
        by = self.member[answerer]
        lines = []
        for position, (text, owner) in enumerate(
            rng.sample(ITEMS, rng.choices((1, 2, 3), (60, 30, 10))[0]), 1
        ):
            lines.append(f"- {text}")
            pk = self.ids.take("referrals_recommendation")
            due = written.date() + DAY * rng.randint(30, 120) if rng.random() < 0.5 else None
            status, response, answered_at, done_at, updated = "unanswered", "", None, None, written
            old = self.now - written > DAY * UNANSWERED_AFTER_DAYS
            if rng.random() < (0.9 if old else 0.5):
                late = rng.random() < 0.2
                answered_at = written + HOUR * rng.randint(
                    24 * 15 if late else 2, 24 * (60 if late else 14)
                )
                if answered_at <= self.now:
                    status = rng.choices(list(ANSWERS), (25, 25, 40, 10))[0]
                    first = status
                    if status == "done" and rng.random() < 0.5:
                        first = "in_progress"
                    events.append(
                        (
                            self.ids.take("referrals_recommendationevent"),
                            pk,
                            answered_at,
                            by,
                            "unanswered",
                            first,
                            ANSWERS[first],
                        )
                    )
                    updated = answered_at
                    if first != status:
                        done_at = answered_at + DAY * rng.randint(5, 80)
                        if done_at > self.now:
                            status, done_at = first, None
                        else:
                            events.append(
                                (
                                    self.ids.take("referrals_recommendationevent"),
                                    pk,
                                    done_at,
                                    by,
                                    first,
                                    status,
                                    ANSWERS[status],
                                )
                            )
                            updated = done_at
                    elif status == "done":
                        done_at = answered_at
                    response = ANSWERS[status]
                else:
                    answered_at = None
            rows.append(
                (
                    pk,
                    referral,
                    writer,
                    position,
                    text,
                    owner,
                    due,
                    status,
                    response,
                    answered_at,
                    by if answered_at else None,
                    done_at,
                    None,
                    None,
                    written,
                    updated,
                )
            )
        return "\n".join(lines)

    def _write_recommendations(self) -> None:
        self._copy(
            "recommendations",
            "referrals_recommendation",
            [
                "id",
                "referral_id",
                "writer_id",
                "position",
                "text",
                "proposed_owner",
                "due",
                "status",
                "response",
                "answered_at",
                "answered_by_id",
                "done_at",
                "guidance_referral_id",
                "measure_id",
                "created_at",
                "updated_at",
            ],
            self.recommendation_rows,
        )
        self._copy(
            "recommendation events",
            "referrals_recommendationevent",
            ["id", "recommendation_id", "at", "by_id", "from_status", "to_status", "response"],
            self.recommendation_event_rows,
        )
        self.recommendation_rows, self.recommendation_event_rows = [], []
