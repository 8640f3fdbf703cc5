"""The CapabilityStatement: exactly what this server supports."""

from __future__ import annotations

from fhir_api import codes
from fhir_api.types import TYPES

RELEASED = "2026-12-01"

ONLY_IN_EVERYTHING = (
    "The individual plan's meetings with their decisions (Encounter, id meeting-<id>), "
    "its change history (Provenance, id plan-history-<id>) and the plan owner's login "
    "(Basic, id plan-owner-login-<id>) appear only inside Patient/$everything: "
    "no read or search of their own."
)


def capability_statement(base: str) -> dict:
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": RELEASED,
        "publisher": "BOPS",
        "kind": "instance",
        "software": {"name": "BOPS"},
        "implementation": {"description": "BOPS FHIR R4 API (read only)", "url": base},
        "fhirVersion": codes.FHIR_VERSION,
        "format": [codes.CONTENT_TYPE],
        "rest": [
            {
                "mode": "server",
                "documentation": (
                    "Read only. Same access rules and access log as the rest of BOPS. "
                    "Paging links carry a _cursor; they stay valid while data changes. "
                    + ONLY_IN_EVERYTHING
                ),
                "security": {
                    "cors": False,
                    "description": (
                        "Token (Authorization: Token <key>, from POST /api/v1/auth/token/) "
                        "or a signed-in session."
                    ),
                },
                "resource": [_resource(rtype) for rtype in TYPES.values()],
            }
        ],
    }


def _resource(rtype) -> dict:
    if not rtype.searchable:
        return {
            "type": rtype.name,
            "interaction": [{"code": "read"}],
            "documentation": "Part of Patient/$everything; read by id for the same users.",
        }
    resource = {
        "type": rtype.name,
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "searchParam": [
            {"name": name, "type": kind, "documentation": doc}
            for name, kind, doc in rtype.search_params
        ]
        + [
            {
                "name": "_count",
                "type": "number",
                "documentation": "Page size (default 50, at most 200).",
            }
        ],
    }
    if rtype.profile:
        resource["supportedProfile"] = [rtype.profile]
    if rtype.everything:
        resource["operation"] = [
            {
                "name": "everything",
                "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                "documentation": (
                    "The person's whole record, as the right-of-access export. "
                    + ONLY_IN_EVERYTHING
                ),
            }
        ]
    return resource
