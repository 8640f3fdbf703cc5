"""Episodes of care as FHIR R4 EpisodeOfCare: a stay in the residence, a
place on its waiting list and a place bought from a private provider."""

from __future__ import annotations

from django.utils import timezone

from fhir_api import codes
from fhir_api.elements import _bops_id, _clean, _meta, date, ref


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
