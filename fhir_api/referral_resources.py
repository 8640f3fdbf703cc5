"""A referral as FHIR R4 resources: the ServiceRequest (what is asked for),
the Task (the receiving unit's work on it, with the national referral
status) and each step of its history as a Provenance."""

from __future__ import annotations

import datetime

from fhir_api import codes
from fhir_api.elements import _bops_id, _clean, _meta, date, instant, label, ref


def _date_extension(url: str, value) -> dict | None:
    if value is None:
        return None
    text = instant(value) if isinstance(value, datetime.datetime) else date(value)
    return {"url": url, "valueDateTime": text}


def _kind(referral) -> dict:
    return {
        "coding": [
            {
                "system": codes.BOPS_REFERRAL_KIND,
                "code": referral.kind,
                "display": label(referral, "kind"),
            }
        ]
    }


def service_request(referral) -> dict:
    resource = {
        "resourceType": "ServiceRequest",
        "id": str(referral.pk),
        "meta": _meta(referral.updated_at),
        "extension": [
            _date_extension(codes.EXT_RECEIVED, referral.received_at),
            _date_extension(codes.EXT_ASSESSMENT_DEADLINE, referral.assessment_deadline),
            _date_extension(codes.EXT_ASSESSED, referral.decided_at),
        ],
        "identifier": [_bops_id("referral", referral.pk)],
        "status": codes.REQUEST_STATUS[referral.status],
        "intent": "order",
        "category": [_kind(referral)],
        "priority": codes.PRIORITY[referral.urgency],
        "code": {"text": referral.requested or label(referral, "kind")},
        "subject": ref("Patient", referral.service_user_id, referral.service_user.full_name),
        "occurrenceDateTime": date(referral.planned_start),
        "authoredOn": instant(referral.sent_at or referral.created_at),
        "requester": ref("Organization", referral.sender_id, referral.sender.name),
        "performer": [ref("Organization", referral.receiver_id, referral.receiver.name)],
        "reasonCode": [{"text": referral.reason}],
        "note": [{"text": referral.recommendations}] if referral.recommendations else None,
    }
    return _clean(resource)


def business_status(referral) -> dict:
    coding = []
    national = codes.henvisningsstatus(
        referral.status, referral.rejection_reason, referral.planned_start
    )
    if national:
        coding.append(
            {
                "system": codes.HENVISNINGSSTATUS,
                "code": national,
                "display": codes.HENVISNINGSSTATUS_DISPLAY[national],
            }
        )
    coding.append(
        {
            "system": codes.BOPS_REFERRAL_STATUS,
            "code": referral.status,
            "display": label(referral, "status"),
        }
    )
    return {"coding": coding, "text": label(referral, "status")}


def task(referral) -> dict:
    reason = None
    if referral.rejection_reason:
        reason = {
            "coding": [
                {
                    "system": codes.BOPS_REJECTION_REASON,
                    "code": referral.rejection_reason,
                    "display": label(referral, "rejection_reason"),
                }
            ]
        }
    decided = referral.decided_at
    resource = {
        "resourceType": "Task",
        "id": str(referral.pk),
        "meta": _meta(referral.updated_at),
        "identifier": [_bops_id("referral", referral.pk)],
        "basedOn": [ref("ServiceRequest", referral.pk)],
        "status": codes.TASK_STATUS[referral.status],
        "statusReason": reason,
        "businessStatus": business_status(referral),
        "intent": "order",
        "priority": codes.PRIORITY[referral.urgency],
        "code": _kind(referral),
        "focus": ref("ServiceRequest", referral.pk),
        "for": ref("Patient", referral.service_user_id, referral.service_user.full_name),
        "executionPeriod": {
            "start": instant(referral.received_at),
            "end": instant(decided) if decided and referral.received_at else None,
        },
        "authoredOn": instant(referral.sent_at or referral.created_at),
        "lastModified": instant(referral.updated_at),
        "requester": ref("Organization", referral.sender_id, referral.sender.name),
        "owner": ref("Organization", referral.receiver_id, referral.receiver.name),
        "note": [{"text": referral.advice}] if referral.advice else None,
        # The legal assessment deadline is when fulfilment is sought by.
        "restriction": {"period": {"end": date(referral.assessment_deadline)}},
    }
    return _clean(resource)


def referral_event(row) -> dict:
    """One step in a referral's history, as the Provenance of the referral."""
    who = (
        {
            "identifier": {"system": codes.bops_identifier_system("user"), "value": str(row.by_id)},
            "display": row.by.get_username(),
        }
        if row.by_id
        else {"display": "BOPS"}
    )
    resource = {
        "resourceType": "Provenance",
        "id": str(row.pk),
        "extension": [
            {"url": codes.EXT_EVENT_FROM_STATUS, "valueCode": row.from_status}
            if row.from_status
            else None,
            {"url": codes.EXT_EVENT_NOTE, "valueString": row.note} if row.note else None,
        ],
        "target": [ref("ServiceRequest", row.referral_id), ref("Task", row.referral_id)],
        "recorded": instant(row.at),
        "activity": {
            "coding": [
                {
                    "system": codes.BOPS_REFERRAL_STATUS,
                    "code": row.to_status,
                    "display": label(row, "to_status"),
                }
            ]
        },
        "agent": [{"who": who}],
    }
    return _clean(resource)
