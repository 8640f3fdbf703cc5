"""What every FHIR resource builder uses: dates and instants, choice labels,
references, BOPS's own identifier, meta, addresses, and the removal of empty
elements FHIR forbids."""

from __future__ import annotations

import datetime

from django.utils import timezone

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
