"""The individual plan as a CarePlan and its responsibility group as a CareTeam.

One plan is one CarePlan and one CareTeam with the same id. The parts of
the plan have no resource of their own; each is an element with an `id`
that names its BOPS row, so a receiver (and a later write API) can map
every part back:

- goals: Goal resources contained in the CarePlan (`#goal-<id>`), the
  progress notes as the Goal's notes (`progress-note-<id>`). Contained, not
  separate resources: a goal exists only inside its plan and is read with
  it, and R4B validates a contained Goal like any other;
- measures: `CarePlan.activity` (`measure-<id>`) with a `detail`: what is
  done, its status, the goal it serves, who is responsible, when, and the
  shared measure of the catalogue it uses as `detail.code`
  (`catalogue-link-<id>`). The referral, stay or private purchase that
  delivers it is an extension: R4 allows `reference` or `detail`, not both;
- evaluations: `CarePlan.note` (`evaluation-<id>`);
- the crisis plan: one complex extension (`crisis-plan-<id>`);
- participants: `CareTeam.participant` (`participant-<id>`): an
  organisation in BOPS as an Organization reference (a named user of it as
  the member's display, the organisation as onBehalfOf), a person outside
  BOPS by name, the access period as the participant's period.

Builders read only what the queryset in fhir_api/scopes.py fetches with the
plan (select_related and prefetch_related), so a page costs the same
queries for one plan as for fifty.
"""

from __future__ import annotations

from fhir_api import codes
from fhir_api.elements import _bops_id, _clean, _meta, date, instant, label, ref


def _coding(system: str, code: str, display: str = "") -> dict:
    return {"system": system, "code": code, "display": str(display)}


def _user(user) -> dict | None:
    if user is None:
        return None
    return {
        "identifier": {"system": codes.bops_identifier_system("user"), "value": str(user.pk)},
        "display": user.get_full_name() or user.get_username(),
    }


def _text_extension(url: str, value: str) -> dict | None:
    return {"url": url, "valueString": value} if value else None


# --- CarePlan ---------------------------------------------------------------


def _goal(goal, patient: dict) -> dict:
    return {
        "resourceType": "Goal",
        "id": f"goal-{goal.pk}",
        "identifier": [_bops_id("goal", goal.pk)],
        "lifecycleStatus": codes.GOAL_LIFECYCLE[goal.status],
        "achievementStatus": {
            "coding": [
                _coding(codes.GOAL_ACHIEVEMENT, codes.GOAL_ACHIEVEMENT_CODE[goal.status]),
                _coding(codes.BOPS_GOAL_STATUS, goal.status, label(goal, "status")),
            ]
        },
        "category": [
            {"coding": [_coding(codes.BOPS_BRUKERPLAN_DOMAIN, goal.domain, label(goal, "domain"))]}
        ],
        "description": {"text": goal.text},
        "subject": patient,
        "target": [{"dueDate": date(goal.target_date)}] if goal.target_date else None,
        "note": [
            {
                "id": f"progress-note-{note.pk}",
                "authorString": (note.author.get_full_name() or note.author.get_username()),
                "time": instant(note.written_at),
                "text": note.text,
            }
            for note in goal.notes.all()
        ],
    }


def _delivered_by(measure) -> dict | None:
    if measure.referral_id:
        target = ref("ServiceRequest", measure.referral_id)
    elif measure.stay_id:
        target = ref("EpisodeOfCare", f"stay-{measure.stay_id}")
    elif measure.private_purchase_id:
        target = ref("EpisodeOfCare", f"purchase-{measure.private_purchase_id}")
    else:
        return None
    return {"url": codes.EXT_DELIVERED_BY, "valueReference": target}


def _catalogue_code(measure) -> dict | None:
    link = getattr(measure, "catalogue_link", None)
    if link is None:
        return None
    coding = _coding(codes.BOPS_CATALOGUE_MEASURE, str(link.entry_id), link.entry.name)
    coding["id"] = f"catalogue-link-{link.pk}"
    return {"coding": [coding], "text": link.entry.name}


def _activity(measure) -> dict:
    org = measure.responsible_organisation
    performer = (
        ref("Organization", org.pk, org.name)
        if org is not None
        else ({"display": measure.responsible_other} if measure.responsible_other else None)
    )
    contact = None
    if measure.contact_name or measure.contact_phone:
        contact = {
            "url": codes.EXT_MEASURE_CONTACT,
            "valueContactDetail": {
                "name": measure.contact_name,
                "telecom": [{"system": "phone", "value": measure.contact_phone}]
                if measure.contact_phone
                else None,
            },
        }
    return {
        "id": f"measure-{measure.pk}",
        "detail": {
            "extension": [
                _delivered_by(measure),
                contact,
                _text_extension(codes.EXT_MEASURE_SCOPE, measure.scope),
                {
                    "url": codes.EXT_PLAN_STATUS,
                    "valueCoding": _coding(
                        codes.BOPS_MEASURE_STATUS, measure.status, label(measure, "status")
                    ),
                },
            ],
            "code": _catalogue_code(measure),
            "goal": [{"reference": f"#goal-{measure.goal_id}"}] if measure.goal_id else None,
            "status": codes.ACTIVITY_STATUS[measure.status],
            "scheduledPeriod": {"start": date(measure.start), "end": date(measure.end)},
            "performer": [performer] if performer else None,
            "description": measure.description,
        },
    }


def _evaluation(evaluation) -> dict:
    return {
        "id": f"evaluation-{evaluation.pk}",
        "extension": [_text_extension(codes.EXT_EVALUATION_CHANGES, evaluation.changes)],
        "authorString": evaluation.by.get_full_name() or evaluation.by.get_username(),
        "time": date(evaluation.evaluated_on),
        "text": evaluation.summary,
    }


def _crisis_plan(plan) -> dict | None:
    crisis = getattr(plan, "crisis_plan", None)
    if crisis is None:
        return None
    return {
        "id": f"crisis-plan-{crisis.pk}",
        "url": codes.EXT_CRISIS_PLAN,
        "extension": [
            *(
                _text_extension(part.replace("_", "-"), getattr(crisis, part))
                for part in codes.CRISIS_PLAN_PARTS
            ),
            {"url": "revised-on", "valueDate": date(crisis.revised_on)}
            if crisis.revised_on
            else None,
        ],
    }


def care_plan(plan) -> dict:
    patient = ref("Patient", plan.service_user_id, plan.service_user.full_name)
    goals = list(plan.goals.all())
    resource = {
        "resourceType": "CarePlan",
        "id": str(plan.pk),
        "meta": _meta(plan.updated_at),
        "contained": [_goal(g, patient) for g in goals],
        "extension": [
            {
                "url": codes.EXT_PLAN_STATUS,
                "valueCoding": _coding(codes.BOPS_PLAN_STATUS, plan.status, label(plan, "status")),
            },
            {"url": codes.EXT_PLAN_DECISION_DATE, "valueDate": date(plan.decision_date)}
            if plan.decision_date
            else None,
            _text_extension(codes.EXT_PLAN_REFUSAL_REASON, plan.refusal_reason),
            _text_extension(codes.EXT_PLAN_PROPOSED_GROUP, plan.proposed_group),
            {"url": codes.EXT_PLAN_NEXT_EVALUATION, "valueDate": date(plan.next_evaluation)}
            if plan.next_evaluation
            else None,
            _crisis_plan(plan),
        ],
        "identifier": [_bops_id("individual-plan", plan.pk)],
        "status": codes.CARE_PLAN_STATUS[plan.status],
        "intent": "plan",
        "category": [
            {
                "coding": [
                    _coding(codes.BOPS_PLAN_CATEGORY, "individual-plan", "Individuell plan")
                ],
                "text": "Individuell plan",
            }
        ],
        "title": "Individuell plan",
        # The person's own words first, as the plan page shows them.
        "description": plan.owner_statement,
        "_description": {"extension": [{"url": codes.EXT_WHAT_MATTERS, "valueBoolean": True}]}
        if plan.owner_statement
        else None,
        "subject": patient,
        # In force from the decision on the right to a plan.
        "period": {"start": date(plan.decision_date)},
        "created": instant(plan.created_at),
        "author": _user(plan.coordinator),
        "careTeam": [ref("CareTeam", plan.pk)],
        "goal": [{"reference": f"#goal-{g.pk}"} for g in goals],
        "activity": [_activity(m) for m in plan.measures.all()],
        "note": [_evaluation(e) for e in plan.evaluations.all()],
    }
    return _clean(resource)


# --- CareTeam ---------------------------------------------------------------


def _participant(participant) -> dict:
    role = [
        {
            "coding": [
                _coding(codes.BOPS_PARTICIPANT_ROLE, participant.role, label(participant, "role"))
            ],
            "text": label(participant, "role"),
        }
    ]
    if participant.is_leader:
        role.append(
            {
                "coding": [_coding(codes.BOPS_PARTICIPANT_ROLE, codes.GROUP_LEADER, "leader")],
                "text": "leader",
            }
        )
    org = participant.organisation
    if participant.user_id:
        member = _user(participant.user)
        if participant.name:
            member["display"] = participant.name
    elif org is not None and not participant.name:
        member = ref("Organization", org.pk, org.name)
    else:
        member = {"display": participant.name}
    return {
        "id": f"participant-{participant.pk}",
        "extension": [
            {
                "url": codes.EXT_PARTICIPANT_PHONE,
                "valueContactPoint": {"system": "phone", "value": participant.phone},
            }
            if participant.phone
            else None
        ],
        "role": role,
        "member": member,
        "onBehalfOf": ref("Organization", org.pk, org.name) if org is not None else None,
        "period": {"start": date(participant.access_from), "end": date(participant.access_until)},
    }


def care_team(plan) -> dict:
    resource = {
        "resourceType": "CareTeam",
        "id": str(plan.pk),
        "meta": _meta(plan.updated_at),
        "identifier": [_bops_id("individual-plan", plan.pk)],
        "status": codes.CARE_TEAM_STATUS[plan.status],
        "category": [
            {
                "coding": [
                    _coding(
                        codes.LOINC,
                        "LA28865-6",
                        "Longitudinal care-coordination focused care team",
                    )
                ],
                "text": "Ansvarsgruppe",
            }
        ],
        "name": "Ansvarsgruppe",
        "subject": ref("Patient", plan.service_user_id, plan.service_user.full_name),
        "participant": [_participant(p) for p in plan.participants.all()],
    }
    return _clean(resource)
