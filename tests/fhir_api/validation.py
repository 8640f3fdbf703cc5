"""Validation of every resource the tests produce.

Structure and cardinality: the FHIR model library `fhir.resources` (8.x),
its R4B models. R4B (4.3.0) is R4 (4.0.1) plus changes to the medication
and evidence resources; Patient, Organization, ServiceRequest, Task,
EpisodeOfCare, CarePlan, CareTeam, Goal, AuditEvent, CapabilityStatement,
Bundle and OperationOutcome are the same on the wire, so the R4B models
check BOPS's R4 JSON. The 6.x releases were the last with R4 models and
are no longer kept.

Value sets: the library checks a code's form, not its value set, so the
required bindings of the elements BOPS fills are checked here against the
R4 value sets (hl7.org/fhir/R4, valueset-*.html).
"""

from __future__ import annotations

from fhir.resources.R4B import get_fhir_model_class

REQUIRED = {
    ("Patient", "gender"): {"male", "female", "other", "unknown"},
    ("ServiceRequest", "status"): {
        "draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown",
    },
    ("ServiceRequest", "intent"): {
        "proposal", "plan", "directive", "order", "original-order", "reflex-order",
        "filler-order", "instance-order", "option",
    },
    ("ServiceRequest", "priority"): {"routine", "urgent", "asap", "stat"},
    ("Task", "status"): {
        "draft", "requested", "received", "accepted", "rejected", "ready", "cancelled",
        "in-progress", "on-hold", "failed", "completed", "entered-in-error",
    },
    ("Task", "intent"): {
        "unknown", "proposal", "plan", "order", "original-order", "reflex-order",
        "filler-order", "instance-order", "option",
    },
    ("Task", "priority"): {"routine", "urgent", "asap", "stat"},
    ("EpisodeOfCare", "status"): {
        "planned", "waitlist", "active", "onhold", "finished", "cancelled", "entered-in-error",
    },
    ("CarePlan", "status"): {
        "draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown",
    },
    ("CarePlan", "intent"): {"proposal", "plan", "order", "option"},
    ("CareTeam", "status"): {"proposed", "active", "suspended", "inactive", "entered-in-error"},
    ("Goal", "lifecycleStatus"): {
        "proposed", "planned", "accepted", "active", "on-hold", "completed", "cancelled",
        "entered-in-error", "rejected",
    },
    ("AuditEvent", "action"): {"C", "R", "U", "D", "E"},
    ("AuditEvent", "outcome"): {"0", "4", "8", "12"},
    ("Bundle", "type"): {
        "document", "message", "transaction", "transaction-response", "batch",
        "batch-response", "history", "searchset", "collection",
    },
    ("CapabilityStatement", "status"): {"draft", "active", "retired", "unknown"},
    ("CapabilityStatement", "kind"): {"instance", "capability", "requirements"},
}  # fmt: skip

ADDRESS_USE = {"home", "work", "temp", "old", "billing"}
SEARCH_MODE = {"match", "include", "outcome"}


def validate(resource: dict) -> None:
    """Raise if the resource is not valid R4 (structure, cardinality, the
    required value sets of the elements BOPS fills)."""
    kind = resource["resourceType"]
    get_fhir_model_class(kind).model_validate(resource)
    for (rtype, element), allowed in REQUIRED.items():
        if rtype == kind and element in resource:
            assert resource[element] in allowed, f"{kind}.{element} = {resource[element]!r}"
    for address in resource.get("address", []):
        assert address.get("use", "home") in ADDRESS_USE
    for contained in resource.get("contained", []):
        validate(contained)
    activity_status = {
        "not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled",
        "stopped", "unknown", "entered-in-error",
    }  # fmt: skip
    for activity in resource.get("activity", []) if kind == "CarePlan" else []:
        assert activity["detail"]["status"] in activity_status
    for entry in resource.get("entry", []):
        assert entry.get("search", {}).get("mode", "match") in SEARCH_MODE
        validate(entry["resource"])
