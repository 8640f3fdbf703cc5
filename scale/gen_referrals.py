"""Scale data: referrals along the real paths of the life cycle, with their
events and deadlines (see `generate.Generator`)."""

from __future__ import annotations

import datetime

from referrals import deadlines
from scale.shapes import DAY

# Status → the path of statuses that leads there (each step is one event).
PATHS = {
    "draft": ["draft"],
    "sent": ["draft", "sent"],
    "received": ["draft", "sent", "received"],
    "info_requested": ["draft", "sent", "received", "info_requested"],
    "accepted": ["draft", "sent", "received", "accepted"],
    "started": ["draft", "sent", "received", "accepted", "started"],
    "completed": ["draft", "sent", "received", "accepted", "started", "completed"],
    "rejected": ["draft", "sent", "received", "rejected"],
    "withdrawn": ["draft", "sent", "withdrawn"],
    "acknowledged": ["draft", "sent", "received", "acknowledged"],
}
OPEN = {"draft", "sent", "received", "info_requested", "accepted", "started"}
REJECTION_REASONS = ["not_specialist_level", "needs_more_information", "wrong_unit", "other"]


class ReferralsMixin:
    """Methods of `Generator`; they use its random generator, ids and `_copy`."""

    def _referral(self, person, sender, receiver, kind, status, created, loops=0) -> int:
        """Make one referral with the events of its path; returns its id."""
        rng = self.rng
        if status in OPEN:
            key = (person, receiver, kind)
            if key in self.open_keys:
                status = "withdrawn"
            else:
                self.open_keys.add(key)
        path = list(PATHS[status])
        if loops and "received" in path:
            at = path.index("received") + 1
            path[at:at] = ["info_requested", "received"] * loops
        pk = self.ids.take("referrals_referral")
        sender_user = self.member.get(sender)
        receiver_user = self.member.get(receiver)
        urgency = rng.choices(["ordinary", "prioritised", "emergency"], (80, 17, 3))[0]
        moment = self._at(created)
        sent_at = received_at = decided_at = deadline = None
        previous = ""
        at = {}  # step → when it (last) happened
        answers = []  # when the sender answered a request for information
        for step in path:
            by = sender_user if step in ("draft", "sent", "withdrawn") else receiver_user
            self.event_rows.append(
                (self.ids.take("referrals_referralevent"), pk, moment, by, previous, step, "")
            )
            if step == "received" and previous == "info_requested":
                answers.append(moment)
            previous = step
            at[step] = moment
            if step == "sent" and sent_at is None:
                sent_at = moment
            elif step == "received" and received_at is None:
                received_at = moment
                deadline = self._deadline(moment.date(), urgency)
            elif step in ("accepted", "rejected"):
                decided_at = moment
            moment = min(moment + datetime.timedelta(hours=rng.randint(2, 24 * 9)), self.now)
        if kind == "assessment" and status in ("accepted", "started", "completed"):
            # The plan measures of the specialist unit point at the latest one.
            self.assessment_of[person] = (pk, receiver)
            if status == "completed" and rng.random() < 0.15:
                # Admitted at the unit for a while: its notices to the municipality.
                self.unit_stays.append((person, receiver, at["started"], at["completed"]))
        # Attachments: on a few referrals when sent, and with every fourth
        # answer of the long back-and-forth ones (the bench's "20+ events" one).
        uploads = ([sent_at] if sent_at and rng.random() < 0.01 else []) + (
            answers[::4] if loops >= 8 else []
        )
        if uploads:
            self.document_parents.append((pk, person, sender_user, uploads))
        # The items of a return (written when sent) or of a completed referral.
        recommendations = ""
        if kind == "return" and "sent" in at:
            if rng.random() < 0.9:
                recommendations = self._recommendation_items(pk, sender, receiver, at["sent"])
        elif status == "completed" and rng.random() < 0.7:
            recommendations = self._recommendation_items(pk, receiver, sender, at["completed"])
        rejected = status == "rejected"
        self.referral_rows.append(
            (
                pk,
                person,
                sender,
                receiver,
                kind,
                urgency,
                status,
                "Synthetic referral for load testing.",
                "",
                sender_user,
                sent_at,
                received_at,
                deadline,
                decided_at,
                rng.choice(REJECTION_REASONS) if rejected else "",
                "Try the municipal low-threshold team first." if rejected else "",
                None,
                recommendations,
                len(path),
                self._at(created),
                moment,
            )
        )
        return pk

    def _deadline(self, received: datetime.date, urgency: str) -> datetime.date:
        cache = self.__dict__.setdefault("_deadlines", {})
        key = (received, urgency)
        if key not in cache:
            cache[key] = deadlines.assessment_deadline(received, urgency)
        return cache[key]

    def _referrals(self) -> None:
        rng = self.rng
        span = (self.today - self.first_day).days
        others = max(0, self.scale.referrals - len(self.referral_rows))
        for _ in range(others):
            pk, home, born = rng.choice(self.people)
            area = self.area_of[home]
            created = self.first_day + DAY * rng.randrange(span + 1)
            age = (created - born).days // 365
            unit = area.bup if age < 18 else area.dps
            kind = rng.choices(["assessment", "advice", "return"], (75, 10, 15))[0]
            sender, receiver = self.service_of[home], unit
            if kind == "return":
                sender, receiver = unit, self.service_of[home]
            recent = (self.today - created).days < 60
            if kind == "return":
                status = rng.choice(["sent", "received"]) if recent else "acknowledged"
            elif recent:
                status = rng.choices(
                    [
                        "draft",
                        "sent",
                        "received",
                        "info_requested",
                        "accepted",
                        "started",
                        "rejected",
                    ],
                    (5, 10, 35, 10, 15, 15, 10),
                )[0]
            else:
                rejected = 35 if unit == area.bup else 15
                status = rng.choices(
                    ["completed", "rejected", "withdrawn"], (100 - rejected - 8, rejected, 8)
                )[0]
            loops = 8 if rng.random() < 0.01 else (1 if rng.random() < 0.25 else 0)
            self._referral(pk, sender, receiver, kind, status, created, loops)
        self._copy(
            "referrals",
            "referrals_referral",
            [
                "id",
                "service_user_id",
                "sender_id",
                "receiver_id",
                "kind",
                "urgency",
                "status",
                "reason",
                "requested",
                "sender_contact_id",
                "sent_at",
                "received_at",
                "assessment_deadline",
                "decided_at",
                "rejection_reason",
                "advice",
                "planned_start",
                "recommendations",
                "version",
                "created_at",
                "updated_at",
            ],
            self.referral_rows,
        )
        self.referral_rows = []
        self._copy(
            "referral events",
            "referrals_referralevent",
            ["id", "referral_id", "at", "by_id", "from_status", "to_status", "note"],
            self.event_rows,
        )
        self.event_rows = []
        self._write_recommendations()
        self._copy(
            "applications",
            "capacity_application",
            [
                "id",
                "residence_id",
                "service_user_id",
                "applying_municipality_id",
                "referral_id",
                "priority",
                "status",
                "applied_on",
                "offered_place_id",
                "offer_valid_until",
                "decided_at",
                "decided_by_id",
                "admitted_on",
                "waiting_days",
                "stay_id",
                "note",
                "decision_note",
                "created_at",
                "updated_at",
            ],
            self._applications,
        )
