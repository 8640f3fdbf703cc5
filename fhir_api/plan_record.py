"""The rest of the individual plan that the JSON export holds: the
responsibility group's meetings, the plan's change history and the owner's
login. They appear only in Patient/$everything (no read or search of their
own); like the plan's parts, every element names its BOPS row so a receiver
(and a later write API) can map it back:

- a meeting is an `Encounter` (`meeting-<id>`, BOPS identifier `meeting`):
  status `finished` once held (minutes written or someone attended),
  `planned` while ahead, else `unknown`; class `VR` (virtual) when the
  place is a link, else `AMB`; the period, the place as a location display,
  the agenda as `reasonCode.text`, the minutes as an extension, the
  participants invited and attended with their CareTeam participant id as
  the identifier, the plan as an extension. R4 Encounter has no note and no
  reference to a CarePlan, hence the extensions;
- a decision (action item) is a complex extension of its meeting's
  Encounter (`action-item-<id>`: text, owner, due, done). It exists only in
  its meeting, as a goal exists only in its plan; a separate resource per
  decision would need a reference back that R4 has no element for;
- a change history row is a `Provenance` (`plan-history-<id>`, the
  referral history's ids are plain numbers): target the CarePlan (the
  CareTeam for a participant), with the changed element's id
  (`goal-<id>`, ...) as an extension of the target reference; recorded,
  who, what (the subject) and before/after as JSON text;
- the owner's login is a `Basic` (`plan-owner-login-<id>`): the username,
  who it is for (the person or their representative), whether a second
  factor is set up and when the login was made. No password, no OTP seed.
"""

from __future__ import annotations

import json

from django.utils import timezone

from fhir_api import codes
from fhir_api.elements import _bops_id, _clean, _meta, date, instant, label, ref
from fhir_api.plan_resources import _coding, _text_extension, _user


def _participant_name(participant) -> str:
    if participant.name:
        return participant.name
    if participant.user_id:
        return participant.user.get_full_name() or participant.user.get_username()
    if participant.organisation_id:
        return participant.organisation.name
    return label(participant, "role")


def _encounter_participants(meeting) -> list[dict]:
    invited = {p.pk: p for p in meeting.invited.all()}
    attended = {p.pk: p for p in meeting.attended.all()}
    out = []
    for pk in sorted(invited.keys() | attended.keys()):
        participant = invited.get(pk) or attended[pk]
        out.append(
            {
                "type": [
                    {"coding": [_coding(codes.BOPS_MEETING_PARTICIPATION, how, how)]}
                    for how, among in (("invited", invited), ("attended", attended))
                    if pk in among
                ],
                "individual": {
                    "identifier": {
                        "system": codes.bops_identifier_system("participant"),
                        "value": str(pk),
                    },
                    "display": _participant_name(participant),
                },
            }
        )
    return out


def _decision(item) -> dict:
    if item.owner_id:
        owner = {"url": "owner", "valueReference": _user(item.owner)}
    elif item.owner_name:
        owner = {"url": "owner", "valueReference": {"display": item.owner_name}}
    else:
        owner = None
    return {
        "id": f"action-item-{item.pk}",
        "url": codes.EXT_MEETING_DECISION,
        "extension": [
            {"url": "text", "valueString": item.text},
            owner,
            {"url": "due", "valueDate": date(item.due_on)} if item.due_on else None,
            {"url": "done", "valueDate": date(item.done_on)} if item.done_on else None,
        ],
    }


def meeting_status(meeting, now) -> str:
    """Encounter.status (encounter-status, required binding)."""
    if meeting.minutes or meeting.attended.all():
        return "finished"
    return "planned" if meeting.starts_at > now else "unknown"


def meeting_encounter(meeting, patient: dict, now) -> dict:
    virtual = meeting.place.startswith(("http://", "https://"))
    resource = {
        "resourceType": "Encounter",
        "id": f"meeting-{meeting.pk}",
        "meta": _meta(meeting.updated_at),
        "extension": [
            {"url": codes.EXT_MEETING_PLAN, "valueReference": ref("CarePlan", meeting.plan_id)},
            _text_extension(codes.EXT_MEETING_MINUTES, meeting.minutes),
            *(_decision(d) for d in meeting.decisions.all()),
        ],
        "identifier": [_bops_id("meeting", meeting.pk)],
        "status": meeting_status(meeting, now),
        "class": _coding(
            codes.ACT_CODE, "VR" if virtual else "AMB", "virtual" if virtual else "ambulatory"
        ),
        "type": [{"text": "Ansvarsgruppemøte"}],
        "subject": patient,
        "participant": _encounter_participants(meeting),
        "period": {"start": instant(meeting.starts_at), "end": instant(meeting.ends_at)},
        "reasonCode": [{"text": meeting.agenda}] if meeting.agenda else None,
        "location": [{"location": {"display": meeting.place}}] if meeting.place else None,
    }
    return _clean(resource)


def _json(value) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def plan_history(row) -> dict:
    team = row.subject == "participant"
    target = ref("CareTeam" if team else "CarePlan", row.plan_id)
    element = codes.HISTORY_ELEMENT.get(row.subject)
    if element and row.object_id:
        target["extension"] = [
            {"url": codes.EXT_HISTORY_ELEMENT, "valueString": f"{element}-{row.object_id}"}
        ]
    resource = {
        "resourceType": "Provenance",
        "id": f"plan-history-{row.pk}",
        "extension": [
            _text_extension(codes.EXT_HISTORY_BEFORE, _json(row.before)),
            _text_extension(codes.EXT_HISTORY_AFTER, _json(row.after)),
        ],
        "target": [target],
        "recorded": instant(row.at),
        "activity": {
            "coding": [_coding(codes.BOPS_PLAN_HISTORY_SUBJECT, row.subject, label(row, "subject"))]
        },
        "agent": [{"who": _user(row.by)}],
    }
    return _clean(resource)


def owner_login(login, patient: dict) -> dict:
    """`login.second_factor`: annotated by the query (fhir_api/everything.py)."""
    resource = {
        "resourceType": "Basic",
        "id": f"plan-owner-login-{login.pk}",
        "extension": [
            {
                "url": codes.EXT_OWNER_LOGIN,
                "extension": [
                    {"url": "username", "valueString": login.user.get_username()},
                    {
                        "url": "kind",
                        "valueCoding": _coding(
                            codes.BOPS_OWNER_LOGIN_KIND, login.kind, label(login, "kind")
                        ),
                    },
                    {"url": "second-factor", "valueBoolean": bool(login.second_factor)},
                    {"url": "created", "valueDateTime": instant(login.created_at)},
                    {"url": "plan", "valueReference": ref("CarePlan", login.plan_id)},
                ],
            }
        ],
        "identifier": [_bops_id("plan-owner-login", login.pk)],
        "code": {
            "coding": [_coding(codes.BOPS_RECORD_KIND, "plan-owner-login", "Plan owner login")],
            "text": "Innlogging til planen",
        },
        "subject": patient,
        "created": date(timezone.localtime(login.created_at).date()),
    }
    return _clean(resource)
