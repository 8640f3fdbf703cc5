"""BOPS rows as FHIR R4 resources (plain dicts, ready for JSON): the person
(Patient), the organisations (Organization), the rest of the person's record
(Consent, the Brukerplan mapping as an Observation) and the access log
(AuditEvent). The referral's resources are in referral_resources.py, the
episodes of care in episode_resources.py, the plan's in plan_resources.py.

Each builder reads only the row and the rows its queryset selects with it
(see fhir_api/scopes.py), so a search page costs the same number of queries
for 1 row as for 100. Every resource carries BOPS's own id as an identifier,
so a receiver can point back at the row (and a later write API can map a
resource back to it).
"""

from __future__ import annotations

from django.utils import timezone
from stdnum.no import fodselsnummer

from fhir_api import codes
from fhir_api.elements import (
    _bops_id,
    _clean,
    _meta,
    date,
    instant,
    label,
    municipality_address,
    ref,
)


def _gender(number: str) -> str:
    try:
        return {"M": "male", "F": "female"}[fodselsnummer.get_gender(number)]
    except Exception:  # an anonymised placeholder has no gender digit
        return "unknown"


# --- Patient ----------------------------------------------------------------


def patient(person) -> dict:
    """A service user. The date of death, when recorded, is deceasedDateTime;
    without one, `person.died` (annotated, see scopes.py) says whether a stay
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
