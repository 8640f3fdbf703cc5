"""BOPS rows as FHIR R4 resources (plain dicts, ready for JSON).

Each builder reads only the row and the rows its queryset selects with it
(see fhir_api/types.py), so a search page costs the same number of queries
for 1 row as for 100. Every resource carries BOPS's own id as an identifier,
so a receiver can point back at the row (and a later write API can map a
resource back to it).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from stdnum.no import fodselsnummer

from fhir_api import codes


def instant(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


_CHOICES: dict[tuple[type, str], dict] = {}


def label(row, field_name: str) -> str:
    """What `row.get_<field>_display()` says, in the active language, without
    Django's per-call dict of the field's choices (hashing every lazy label):
    a search page asks hundreds of times."""
    key = (type(row), field_name)
    choices = _CHOICES.get(key)
    if choices is None:
        choices = _CHOICES[key] = dict(type(row)._meta.get_field(field_name).flatchoices)
    value = getattr(row, field_name)
    return str(choices.get(value, value))


def date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _clean(resource: dict) -> dict:
    """Drop empty elements: FHIR forbids empty strings, lists and objects."""
    out = {}
    for key, value in resource.items():
        if isinstance(value, dict):
            value = _clean(value)
        elif isinstance(value, list):
            value = [_clean(v) if isinstance(v, dict) else v for v in value]
            value = [v for v in value if v not in (None, "", {}, [])]
        if value not in (None, "", {}, []):
            out[key] = value
    return out


def _meta(updated: datetime.datetime | None = None, profile: str | None = None) -> dict:
    return {"lastUpdated": instant(updated), "profile": [profile] if profile else None}


def _bops_id(model_name: str, pk: int) -> dict:
    return {
        "use": "secondary",
        "system": codes.bops_identifier_system(model_name),
        "value": str(pk),
    }


def ref(resource_type: str, pk, display: str = "") -> dict:
    return {"reference": f"{resource_type}/{pk}", "display": display}


def municipality_address(municipality, use: str = "home") -> dict:
    return {
        "use": use,
        "district": municipality.name,
        "_district": {
            "extension": [
                {
                    "url": codes.NO_BASIS_MUNICIPALITY_CODE,
                    "valueCoding": {
                        "system": codes.MUNICIPALITY_NUMBER_SYSTEM,
                        "code": municipality.number,
                        "display": municipality.name,
                    },
                }
            ]
        },
        "country": "NO",
    }


def _gender(number: str) -> str:
    try:
        return {"M": "male", "F": "female"}[fodselsnummer.get_gender(number)]
    except Exception:  # an anonymised placeholder has no gender digit
        return "unknown"


# --- Patient ----------------------------------------------------------------


def patient(person) -> dict:
    """A service user. The date of death, when recorded, is deceasedDateTime;
    without one, `person.died` (annotated, see types.py) says whether a stay
    ended by death (deceasedBoolean). A move out of the region ends the home
    address (use `old`, period end)."""
    identifiers = [_bops_id("service-user", person.pk)]
    if not person.is_anonymised:
        identifiers.insert(
            0,
            {
                "use": "official",
                "system": codes.national_id_system(person.national_id),
                "value": person.national_id,
            },
        )
    resource = {
        "resourceType": "Patient",
        "id": str(person.pk),
        "meta": _meta(person.updated_at, codes.NO_BASIS_PATIENT),
        "identifier": identifiers,
        "active": not person.is_anonymised,
        "name": [
            {
                "use": "official",
                "text": person.full_name,
                "family": person.last_name,
                "given": [person.first_name],
            }
        ],
        "gender": "unknown" if person.is_anonymised else _gender(person.national_id),
        "birthDate": date(person.birth_date),
        "address": [municipality_address(person.home_municipality)],
    }
    if person.deceased_on:
        resource["deceasedDateTime"] = date(person.deceased_on)
    elif getattr(person, "died", False):
        resource["deceasedBoolean"] = True
    if person.moved_out_on:
        # Moved out of the region: the home municipality is a former address.
        address = resource["address"][0]
        address["use"] = "old"
        address["period"] = {"end": date(person.moved_out_on)}
    return _clean(resource)


# --- Organization -----------------------------------------------------------


def organization(org) -> dict:
    resource = {
        "resourceType": "Organization",
        "id": str(org.pk),
        "meta": _meta(profile=codes.NO_BASIS_ORGANIZATION),
        # BOPS holds neither the organisation number (ENH) nor a RESH id yet:
        # its own id is the only identifier it can vouch for.
        "identifier": [_bops_id("organisation", org.pk)],
        "active": org.active,
        "type": [
            {
                "coding": [
                    {
                        "system": codes.BOPS_ORGANISATION_KIND,
                        "code": org.kind,
                        "display": str(codes.ORGANISATION_KINDS.get(org.kind, org.kind)),
                    }
                ]
            }
        ],
        "name": org.name,
        "alias": [org.health_trust] if org.health_trust else None,
        "telecom": [{"system": "email", "value": org.email, "use": "work"}] if org.email else None,
        "address": [municipality_address(org.municipality, "work")] if org.municipality else None,
    }
    return _clean(resource)


# --- ServiceRequest and Task (one referral) ---------------------------------


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


# --- EpisodeOfCare (stays, the waiting list) --------------------------------


def _episode_type(code: str, display: str) -> list:
    return [{"coding": [{"system": codes.BOPS_EPISODE_TYPE, "code": code, "display": display}]}]


def stay_episode(stay) -> dict:
    residence = stay.place.residence
    resource = {
        "resourceType": "EpisodeOfCare",
        "id": f"stay-{stay.pk}",
        "meta": _meta(stay.updated_at),
        "identifier": [_bops_id("stay", stay.pk)],
        "status": codes.stay_episode_status(stay, timezone.localdate()),
        "type": _episode_type("residence-stay", "stay in the residence"),
        "patient": ref("Patient", stay.service_user_id, stay.service_user.full_name),
        "managingOrganization": ref(
            "Organization", residence.organisation_id, residence.organisation.name
        ),
        "period": {"start": date(stay.start), "end": date(stay.end)},
    }
    return _clean(resource)


def application_episode(application) -> dict:
    residence = application.residence
    closed = application.status not in application.OPEN
    end = application.admitted_on or (
        timezone.localdate(application.decided_at) if closed and application.decided_at else None
    )
    resource = {
        "resourceType": "EpisodeOfCare",
        "id": f"application-{application.pk}",
        "meta": _meta(application.updated_at),
        "identifier": [_bops_id("application", application.pk)],
        "status": codes.APPLICATION_EPISODE_STATUS[application.status],
        "type": _episode_type("residence-waiting-list", "waiting list of the residence"),
        "patient": ref("Patient", application.service_user_id, application.service_user.full_name),
        "managingOrganization": ref(
            "Organization", residence.organisation_id, residence.organisation.name
        ),
        "period": {"start": date(application.applied_on), "end": date(end) if closed else None},
        "referralRequest": [ref("ServiceRequest", application.referral_id)],
    }
    return _clean(resource)


# --- AuditEvent (the access log) --------------------------------------------


def audit_event(entry) -> dict:
    agents = [
        {
            "who": {
                "identifier": {
                    "system": codes.bops_identifier_system("user"),
                    "value": str(entry.user_id),
                },
                "display": entry.user.get_username(),
            },
            "role": [{"text": entry.role}] if entry.role else None,
            "requestor": True,
        }
    ]
    if entry.organisation_id:
        agents.append(
            {
                "who": ref("Organization", entry.organisation_id, entry.organisation.name),
                "requestor": False,
            }
        )
    resource = {
        "resourceType": "AuditEvent",
        "id": str(entry.pk),
        "meta": _meta(entry.at),
        "type": {
            "system": "http://dicom.nema.org/resources/ontology/DCM",
            "code": "110110",
            "display": "Patient Record",
        },
        "subtype": [
            {
                "system": codes.BOPS_ACCESS_ACTION,
                "code": entry.action,
                "display": label(entry, "action"),
            }
        ],
        "action": "R",
        "recorded": instant(entry.at),
        "outcome": "0",
        "agent": agents,
        "source": {"observer": {"display": "BOPS"}},
        "entity": [
            {
                "what": ref("Patient", entry.service_user_id),
                "type": {
                    "system": "http://terminology.hl7.org/CodeSystem/audit-entity-type",
                    "code": "1",
                    "display": "Person",
                },
                "description": entry.route,
            }
        ],
    }
    return _clean(resource)


# --- the rest of the person's record ($everything and read) -----------------


def consent(row) -> dict:
    today = timezone.localdate()
    active = row.given_on <= today and (row.withdrawn_on is None or row.withdrawn_on > today)
    resource = {
        "resourceType": "Consent",
        "id": str(row.pk),
        "meta": _meta(row.updated_at),
        "identifier": [_bops_id("consent", row.pk)],
        "status": "active" if active else "inactive",
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                    "display": "Privacy Consent",
                }
            ]
        },
        "category": [
            {"coding": [{"system": "http://loinc.org", "code": "59284-0", "display": "Consent"}]}
        ],
        "patient": ref("Patient", row.service_user_id),
        "dateTime": date(row.given_on),
        "policyRule": {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTIN"}
            ],
            "text": row.note,
        },
        # Information about the person may be shared with this organisation.
        "provision": {
            "type": "permit",
            "period": {"start": date(row.given_on), "end": date(row.withdrawn_on)},
            "actor": [
                {
                    "role": {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                "code": "IRCP",
                                "display": "information recipient",
                            }
                        ]
                    },
                    "reference": ref("Organization", row.organisation_id, row.organisation.name),
                }
            ],
        },
    }
    return _clean(resource)


def assessment(row) -> dict:
    """A Brukerplan mapping: one Observation, a component per life domain."""
    fields = {f.name: f for f in type(row)._meta.fields}
    resource = {
        "resourceType": "Observation",
        "id": str(row.pk),
        "meta": _meta(row.updated_at),
        "identifier": [_bops_id("assessment", row.pk)],
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                    }
                ]
            }
        ],
        "code": {
            "coding": [{"system": codes.BOPS_BRUKERPLAN, "code": "brukerplan"}],
            "text": "Brukerplan",
        },
        "subject": ref("Patient", row.service_user_id),
        "effectiveDateTime": date(row.assessed_on),
        "performer": [{"display": row.assessor.get_username()}] if row.assessor_id else None,
        "component": [
            {
                "code": {
                    "coding": [{"system": codes.BOPS_BRUKERPLAN_DOMAIN, "code": domain}],
                    "text": str(fields[domain].verbose_name),
                },
                "valueInteger": score,
            }
            for domain, score in row.scores().items()
        ],
    }
    return _clean(resource)


def purchase_episode(row) -> dict:
    """A place bought from a private provider, paid by a municipality."""
    today = timezone.localdate()
    resource = {
        "resourceType": "EpisodeOfCare",
        "id": f"purchase-{row.pk}",
        "meta": _meta(row.updated_at),
        "extension": [
            {
                "url": codes.EXT_DAILY_COST,
                "valueMoney": {"value": row.daily_cost, "currency": "NOK"},
            },
            {
                "url": codes.EXT_PAYING_MUNICIPALITY,
                "valueCoding": {
                    "system": codes.MUNICIPALITY_NUMBER_SYSTEM,
                    "code": row.municipality.number,
                    "display": row.municipality.name,
                },
            },
        ],
        "identifier": [_bops_id("private-purchase", row.pk)],
        "status": "finished" if row.end_date and row.end_date < today else "active",
        "type": _episode_type("private-purchase", "place bought from a private provider"),
        "patient": ref("Patient", row.service_user_id),
        "managingOrganization": {"display": row.provider},
        "period": {"start": date(row.start_date), "end": date(row.end_date)},
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
