"""Scale data: notices to the home municipality's service (see
`generate.Generator`): the residence's on each stay (admitted; discharge
planned and discharged when it ended), and the DPS's or BUP's for the
people admitted there while a referral ran (admitted, ready for discharge,
discharged).

As `Notice.send()` does, each is due for acknowledgement by the end of the
next working day (`referrals.deadlines`). Most are acknowledged within a
day or two, often with the next of kin recorded; the newest wait; a few
were never acknowledged and were reminded (`escalate_overdue_notices`).
"""

from __future__ import annotations

import datetime

from referrals import deadlines
from referrals.notices import ACKNOWLEDGE_WITHIN_WORKING_DAYS

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
NEXT_OF_KIN = ["Mor", "Far", "Syster", "Bror", "Sambuar"]


class NoticesMixin:
    """Methods of `Generator`; they use its random generator, ids and `_copy`."""

    def _notices(self) -> None:
        rng, rows = self.rng, []
        home_of = {pk: home for pk, home, _born in self.people}
        due: dict[datetime.date, datetime.date] = {}

        def notice(person, sender, kind, sent, expected=None):
            if sent > self.now:
                return
            receiver = self.service_of[home_of[person]]
            day = sent.date()
            if day not in due:
                due[day] = deadlines.add_working_days(day, ACKNOWLEDGE_WITHIN_WORKING_DAYS)
            acknowledge_by = due[day]
            acknowledged_at = acknowledged_by = escalated_at = None
            informed, who, informed_on = None, "", None
            if rng.random() < (0.5 if self.now - sent < 3 * DAY else 0.96):
                acknowledged_at = sent + HOUR * rng.randint(1, 40)
            if acknowledged_at is not None and acknowledged_at <= self.now:
                acknowledged_by = self.member[receiver]
                told = rng.random()
                if told < 0.4:
                    informed, who, informed_on = (
                        True,
                        rng.choice(NEXT_OF_KIN),
                        acknowledged_at.date(),
                    )
                elif told < 0.5:
                    informed = False
            else:
                acknowledged_at = None
                reminder = self._at(acknowledge_by + DAY, 7)
                if reminder <= self.now:
                    escalated_at = reminder
            rows.append(
                (
                    self.ids.take("referrals_notice"),
                    person,
                    sender,
                    receiver,
                    kind,
                    expected,
                    "",
                    self.member[sender],
                    sent,
                    acknowledge_by,
                    acknowledged_at,
                    acknowledged_by,
                    escalated_at,
                    informed,
                    who,
                    informed_on,
                )
            )

        for _stay, person, _home, residence, start, end in self.stays:
            if start >= self.first_day:
                notice(person, residence, "admitted", self._at(start))
            if end is not None:
                if rng.random() < 0.7:
                    planned = self._at(max(start, end - DAY * rng.randint(3, 20)))
                    notice(person, residence, "discharge_planned", planned, end)
                notice(person, residence, "discharged", self._at(end))
        for person, unit, admitted, discharged in self.unit_stays:
            notice(person, unit, "admitted", admitted + HOUR)
            if rng.random() < 0.5:
                notice(person, unit, "ready_for_discharge", max(admitted, discharged - DAY))
            notice(person, unit, "discharged", discharged + HOUR)
        self._copy(
            "notices",
            "referrals_notice",
            [
                "id",
                "service_user_id",
                "sender_id",
                "receiver_id",
                "kind",
                "expected_date",
                "note",
                "created_by_id",
                "created_at",
                "acknowledge_by",
                "acknowledged_at",
                "acknowledged_by_id",
                "escalated_at",
                "next_of_kin_informed",
                "next_of_kin_who",
                "next_of_kin_on",
            ],
            rows,
        )
