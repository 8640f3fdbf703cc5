"""Scale data: the parts of the synthetic individual plans (`gen_plans`), as
the plans demo gives them (municipalities/plans/demo.py): goals by life
domain, measures (the municipal service's, the DPS's or BUP's with the
referral behind it, the residence's with the stay, the private purchase's),
the responsibility group, a crisis plan and, for established plans, an
evaluation. Each goal, measure and participant has its plan history row
(`gen_plan_history`)."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from municipalities.models import Goal, Measure, Participant
from scale.gen_plan_history import HISTORY_COLUMNS, part_snapshot
from scale.shapes import DAY

GOALS = [
    ("housing", "Eg vil bu i eiga leilegheit med hjelp når eg treng det"),
    ("activity", "Kome i gang med arbeidstrening to dagar i veka"),
    ("network", "Ha kontakt med familien minst ein gong i veka"),
    ("mental_health", "Kjenne teikna når eg blir dårlegare, og seie frå tidleg"),
    ("substance_use", "Halde meg rusfri i helgane"),
    ("finances", "Betale rekningane sjølv kvar månad"),
    ("physical_health", "Gå tur tre gonger i veka og sove betre"),
    ("social_skills", "Handle og ta buss på eiga hand"),
]
MUNICIPAL_MEASURES = [
    ("Samtalar med psykiatrisk sjukepleiar", "Kvar veke", None),
    ("Praktisk bistand i heimen", "To gonger i veka", None),
    ("Støttekontakt til fritidsaktivitetar", "Fire timar i veka", "low_threshold"),
    ("Dagsenter med arbeidstrening", "Tysdag og torsdag", "day_activity"),
]
SPECIALIST_MEASURES = {
    "dps": [
        ("Poliklinisk behandling ved DPS", "Annakvar veke", "dps_team"),
        ("Medisinsk oppfølging og samtaleterapi", "Kvar tredje veke", "fact_team"),
    ],
    "bup": [("Samtalar og familiearbeid ved BUP", "Kvar veke", "bup_team")],
}
GP_NAMES = ["Ingrid Haugen", "Per Sande", "Kari Lunde", "Ola Myklebust", "Siri Vik"]


@dataclass
class PlanRow:
    plan: int
    home: int
    status: str
    decided: datetime.date
    preparing: datetime.datetime
    by: int
    goals: list


class PlanPartsMixin:
    """Methods of `Generator`; they use its random generator, ids, `_copy` and
    the plan history (`PlanHistoryMixin`)."""

    def _plan_measure(self, p: PlanRow, description, scope, organisation, kind=None, **extra):
        """One measure of plan `p`, its history row and its catalogue link."""
        rng = self.rng
        pk = self.ids.take("municipalities_measure")
        start = min(extra.get("start") or p.decided + DAY * rng.randint(0, 30), self.today)
        state = "planned" if p.status == "being_prepared" else "active"
        end = extra.get("end")
        if end is not None:
            state = "ended"
        elif state == "active" and rng.random() < 0.15:
            end = min(start + DAY * rng.randint(30, 400), self.today)
            state = "ended"
        values = {
            "goal_id": rng.choice(p.goals),
            "description": description,
            "responsible_organisation_id": organisation,
            "responsible_other": extra.get("other", ""),
            "contact_name": extra.get("contact", ""),
            "start": start,
            "end": end,
            "scope": scope,
            "status": state,
            "referral_id": extra.get("referral"),
            "stay_id": extra.get("stay"),
            "private_purchase_id": extra.get("purchase"),
        }
        at = min(p.preparing + DAY * rng.randint(0, 7), self.now)
        self.plan_rows["measures"].append(
            (
                pk,
                at,
                at,
                p.plan,
                values["goal_id"],
                description,
                organisation,
                values["responsible_other"],
                values["contact_name"],
                "57 00 00 00" if organisation else "",
                start,
                end,
                scope,
                state,
                values["referral_id"],
                values["stay_id"],
                values["private_purchase_id"],
            )
        )
        self._plan_history(p.plan, at, p.by, "measure", pk, None, part_snapshot(Measure, values))
        entry = kind and self.catalogue_entry.get((kind, p.home))
        if entry:
            self.plan_rows["links"].append((self.ids.take("catalogue_planmeasureentry"), pk, entry))

    def _plan_parts(self) -> None:
        rng, today = self.rng, self.today
        self.plan_rows = {
            key: []
            for key in (
                "goals",
                "measures",
                "links",
                "participants",
                "crisis",
                "evaluations",
                "history",
            )
        }
        goals, participants = self.plan_rows["goals"], self.plan_rows["participants"]
        crisis, evaluations = self.plan_rows["crisis"], self.plan_rows["evaluations"]
        record = self._plan_history
        for plan, person, home, born, status, decided, requested, by in self.plans:
            area = self.area_of[home]
            service = self.service_of[home]
            young = (today - born).days < 18 * 365
            unit, unit_kind = (area.bup, "bup") if young else (area.dps, "dps")
            preparing, established = self._plan_status_path(plan, requested, decided, status, by)
            # Goals.
            plan_goals = []
            for domain, text in rng.sample(GOALS, rng.randint(2, 4)):
                pk = self.ids.take("municipalities_goal")
                values = {
                    "text": text,
                    "domain": domain,
                    "target_date": decided + DAY * rng.randint(90, 540),
                    "status": rng.choice(["open", "open", "partly_met", "met"])
                    if status == "established"
                    else "open",
                }
                goals.append(
                    (
                        pk,
                        preparing,
                        preparing,
                        plan,
                        values["text"],
                        values["domain"],
                        values["target_date"],
                        values["status"],
                        1,
                    )
                )
                record(plan, preparing, by, "goal", pk, None, part_snapshot(Goal, values))
                plan_goals.append(pk)
            p = PlanRow(plan, home, status, decided, preparing, by, plan_goals)
            measure = functools.partial(self._plan_measure, p)

            description, scope, kind = rng.choice(MUNICIPAL_MEASURES)
            measure(description, scope, service, kind, contact="Koordinator")
            # The group: the coordinator leads; the rest as the person's services are.
            group = [("coordinator", service, by, "", True, decided)]
            assessment = self.assessment_of.get(person)
            if assessment or rng.random() < 0.4:
                description, scope, kind = rng.choice(SPECIALIST_MEASURES[unit_kind])
                referral = assessment[0] if assessment and assessment[1] == unit else None
                measure(description, scope, unit, kind, referral=referral, contact="Behandlar")
                group.append(("specialist", unit, None, "", False, decided))
            stay = self.ongoing_stay.get(person)
            if stay:
                stay_pk, residence_org, moved_in = stay
                measure(
                    "Bu- og omsorgstilbod med personale heile døgeret",
                    "Døgnkontinuerleg",
                    residence_org,
                    "residence",
                    stay=stay_pk,
                    start=max(moved_in, decided),
                    contact="Miljøterapeut",
                )
                group.append(("residence", residence_org, None, "", False, max(moved_in, decided)))
            purchase = self.purchase_of.get(person)
            if purchase:
                purchase_pk, bought_from, bought_until = purchase
                start = max(bought_from, decided)
                if bought_until is None or bought_until >= start:
                    measure(
                        "Privat kjøpt bu- og omsorgstilbod",
                        "Døgnkontinuerleg",
                        None,
                        other="Skala Omsorg AS",
                        purchase=purchase_pk,
                        start=start,
                        end=bought_until,
                    )
            if rng.random() < 0.8:
                group.append(("gp", None, None, f"Fastlege {rng.choice(GP_NAMES)}", False, decided))
            if rng.random() < 0.3:
                group.append(("nav", None, None, "NAV-rettleiar", False, decided))
            for role, organisation, user, name, leader, since in group:
                pk = self.ids.take("municipalities_participant")
                values = {
                    "organisation_id": organisation,
                    "user_id": user,
                    "name": name,
                    "role": role,
                    "is_leader": leader,
                    "access_from": since,
                    "access_until": None,
                }
                participants.append(
                    (
                        pk,
                        preparing,
                        preparing,
                        plan,
                        organisation,
                        user,
                        name,
                        "" if organisation else "57 67 80 00",
                        role,
                        leader,
                        since,
                        None,
                    )
                )
                record(
                    plan, preparing, by, "participant", pk, None, part_snapshot(Participant, values)
                )
            if rng.random() < 0.6:
                revised = min(decided + DAY * rng.randint(0, 120), today)
                at = self._at(revised)
                crisis.append(
                    (
                        self.ids.take("municipalities_crisisplan"),
                        at,
                        at,
                        plan,
                        "Søv dårleg, et lite og trekkjer seg frå andre",
                        "Ein roleg samtale og kjende folk rundt seg",
                        "Mange folk og høge lydar",
                        "Koordinator (dag), legevakt 116 117 (natt), ved fare 113",
                        "Koordinator kallar inn til ekstra møte",
                        revised,
                    )
                )
            if status == "established":
                # Evaluated about once a year from establishment; some are missed.
                day = established.date() + DAY * rng.randint(300, 400)
                while day < today:
                    if rng.random() < 0.75:
                        evaluations.append(
                            (
                                self.ids.take("municipalities_evaluation"),
                                plan,
                                day,
                                "Planen vart evaluert i ansvarsgruppemøtet.",
                                rng.choice(["", "Nytt mål om aktivitet."]),
                                by,
                            )
                        )
                    day += DAY * rng.randint(300, 400)
        goals, measures, links, history = (
            self.plan_rows[key] for key in ("goals", "measures", "links", "history")
        )
        self._copy(
            "plan goals",
            "municipalities_goal",
            [
                "id",
                "created_at",
                "updated_at",
                "plan_id",
                "text",
                "domain",
                "target_date",
                "status",
                "version",
            ],
            goals,
        )
        self._copy(
            "plan measures",
            "municipalities_measure",
            [
                "id",
                "created_at",
                "updated_at",
                "plan_id",
                "goal_id",
                "description",
                "responsible_organisation_id",
                "responsible_other",
                "contact_name",
                "contact_phone",
                "start",
                "end",
                "scope",
                "status",
                "referral_id",
                "stay_id",
                "private_purchase_id",
            ],
            measures,
        )
        self._copy(
            "catalogue links",
            "catalogue_planmeasureentry",
            ["id", "plan_measure_id", "entry_id"],
            links,
        )
        self._copy(
            "plan participants",
            "municipalities_participant",
            [
                "id",
                "created_at",
                "updated_at",
                "plan_id",
                "organisation_id",
                "user_id",
                "name",
                "phone",
                "role",
                "is_leader",
                "access_from",
                "access_until",
            ],
            participants,
        )
        self._copy(
            "crisis plans",
            "municipalities_crisisplan",
            [
                "id",
                "created_at",
                "updated_at",
                "plan_id",
                "warning_signs",
                "what_helps",
                "what_to_avoid",
                "who_to_call",
                "agreed_measures",
                "revised_on",
            ],
            crisis,
        )
        self._copy(
            "plan evaluations",
            "municipalities_evaluation",
            ["id", "plan_id", "evaluated_on", "summary", "changes", "by_id"],
            evaluations,
        )
        self._copy(
            "plan history",
            "municipalities_planhistory",
            HISTORY_COLUMNS,
            history,
        )
