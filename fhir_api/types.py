"""Which resource types the API serves, where each comes from, and who may
see which rows: every source starts from the model's `for_user()` scope,
the same as the JSON API, so an outsider gets 404 and an empty search.

A resource type has one or more sources (EpisodeOfCare: the residence's
stays and its applications). Each source says how its rows are fetched
(with everything its builder reads, in one query), how FHIR search
parameters become filters, and which person each row is about (for the
access log).

The scopes are in fhir_api/scopes.py, the search parameters' filters in
fhir_api/parameters.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from bops.audit import AccessLog
from capacity.models import Application, Stay
from fhir_api import codes, episode_resources, plan_resources, referral_resources, resources
from fhir_api.parameters import (
    APPLICATION_STATUS_ROWS,
    CARE_PLAN_STATUS_ROWS,
    CARE_TEAM_STATUS_ROWS,
    REQUEST_STATUS_ROWS,
    REQUEST_STATUSES,
    TASK_STATUS_ROWS,
    TASK_STATUSES,
    _bops_identifier,
    _by_mapping,
    _patient_identifier,
    _purchase_status,
    _stay_status,
)
from fhir_api.scopes import (
    CARE_PLAN_PARTS,
    CARE_TEAM_PARTS,
    _applications,
    _audit_events,
    _organisations,
    _own_record,
    _patients,
    _plans,
    _referrals,
    _stays,
)
from municipalities.models import (
    Assessment,
    Consent,
    IndividualPlan,
    Organisation,
    PrivatePurchase,
    ServiceUser,
)
from referrals.models import Referral, ReferralEvent


@dataclass(frozen=True)
class Source:
    model: type
    rows: Callable[[object], QuerySet]  # user -> scoped queryset
    build: Callable[[object], dict]
    id_prefix: str = ""  # "stay-" when several sources share a resource type
    person: str | None = "service_user_id"  # attribute holding the person's id
    patient_field: str | None = "service_user"  # filter for ?patient=
    last_updated: str | None = "updated_at"
    status: Callable[[list[str], object], Q] | None = None
    identifier: Callable[[str | None, str], Q] | None = None
    # Find a search page's ids first, in a subquery (fhir_api/search.py): for
    # scopes that are a few rows spread over a big table (a unit's referrals).
    keys_first: bool = False

    def fhir_id(self, row) -> str:
        return f"{self.id_prefix}{row.pk}"

    def person_of(self, row) -> int | None:
        if self.person is None:
            return None
        if self.person == "pk":
            return row.pk
        target = row
        for step in self.person.split("."):
            target = getattr(target, step)
        return target


@dataclass(frozen=True)
class ResourceType:
    name: str
    sources: tuple[Source, ...]
    profile: str | None = None
    statuses: tuple[str, ...] = ()
    search_params: tuple[tuple[str, str, str], ...] = field(default=())
    everything: bool = False
    searchable: bool = True  # False: read by id (and in $everything) only

    def source_for_id(self, fhir_id: str) -> tuple[Source, int] | None:
        for source in self.sources:
            if fhir_id.startswith(source.id_prefix):
                rest = fhir_id[len(source.id_prefix) :]
                if rest.isdigit() and (source.id_prefix or len(self.sources) == 1):
                    return source, int(rest)
        return None


_PATIENT_PARAMS = (
    ("patient", "reference", "The person the resource is about (Patient/<id> or <id>)."),
    ("subject", "reference", "The same as patient."),
)
_UPDATED = ("_lastUpdated", "date", "When the row last changed: ge, gt, le, lt or a date.")
_STATUS = ("status", "token", "One or more status codes, comma-separated.")

TYPES: dict[str, ResourceType] = {
    t.name: t
    for t in (
        ResourceType(
            "Patient",
            (
                Source(
                    ServiceUser,
                    _patients,
                    resources.patient,
                    person="pk",
                    patient_field="pk",
                    identifier=_patient_identifier,
                ),
            ),
            profile=codes.NO_BASIS_PATIENT,
            search_params=(
                (
                    "identifier",
                    "token",
                    "The national identity number as system|value "
                    f"({codes.FNR_SYSTEM} or {codes.DNR_SYSTEM}), or BOPS's id.",
                ),
                _UPDATED,
            ),
            everything=True,
        ),
        ResourceType(
            "Organization",
            (
                Source(
                    Organisation,
                    _organisations,
                    resources.organization,
                    person=None,
                    patient_field=None,
                    last_updated=None,
                    identifier=_bops_identifier("organisation"),
                ),
            ),
            profile=codes.NO_BASIS_ORGANIZATION,
            search_params=(("identifier", "token", "BOPS's id of the organisation."),),
        ),
        ResourceType(
            "ServiceRequest",
            (
                Source(
                    Referral,
                    _referrals,
                    referral_resources.service_request,
                    status=_by_mapping(REQUEST_STATUS_ROWS),
                    keys_first=True,
                    identifier=_bops_identifier("referral"),
                ),
            ),
            statuses=REQUEST_STATUSES,
            search_params=(
                *_PATIENT_PARAMS,
                _STATUS,
                _UPDATED,
                ("identifier", "token", "BOPS's id of the referral."),
            ),
        ),
        ResourceType(
            "Task",
            (
                Source(
                    Referral,
                    _referrals,
                    referral_resources.task,
                    status=_by_mapping(TASK_STATUS_ROWS),
                    keys_first=True,
                    identifier=_bops_identifier("referral"),
                ),
            ),
            statuses=TASK_STATUSES,
            search_params=(
                *_PATIENT_PARAMS,
                _STATUS,
                _UPDATED,
                ("identifier", "token", "BOPS's id of the referral."),
            ),
        ),
        ResourceType(
            "EpisodeOfCare",
            (
                Source(
                    Application,
                    _applications,
                    episode_resources.application_episode,
                    id_prefix="application-",
                    status=_by_mapping(APPLICATION_STATUS_ROWS),
                    identifier=_bops_identifier("application"),
                ),
                Source(
                    Stay,
                    _stays,
                    episode_resources.stay_episode,
                    id_prefix="stay-",
                    status=_stay_status,
                    identifier=_bops_identifier("stay"),
                ),
                Source(
                    PrivatePurchase,
                    _own_record(PrivatePurchase, "municipality"),
                    episode_resources.purchase_episode,
                    id_prefix="purchase-",
                    status=_purchase_status,
                    identifier=_bops_identifier("private-purchase"),
                ),
            ),
            statuses=codes.EPISODE_STATUSES,
            search_params=(
                *_PATIENT_PARAMS,
                _STATUS,
                _UPDATED,
                ("identifier", "token", "BOPS's id of the stay, application or purchase."),
            ),
        ),
        ResourceType(
            "CarePlan",
            (
                Source(
                    IndividualPlan,
                    _plans(CARE_PLAN_PARTS),
                    plan_resources.care_plan,
                    status=_by_mapping(CARE_PLAN_STATUS_ROWS),
                    identifier=_bops_identifier("individual-plan"),
                ),
            ),
            statuses=codes.CARE_PLAN_STATUSES,
            search_params=(
                *_PATIENT_PARAMS,
                _STATUS,
                _UPDATED,
                ("identifier", "token", "BOPS's id of the individual plan."),
            ),
        ),
        ResourceType(
            "CareTeam",
            (
                Source(
                    IndividualPlan,
                    _plans(CARE_TEAM_PARTS),
                    plan_resources.care_team,
                    status=_by_mapping(CARE_TEAM_STATUS_ROWS),
                    identifier=_bops_identifier("individual-plan"),
                ),
            ),
            statuses=codes.CARE_TEAM_STATUSES,
            search_params=(
                *_PATIENT_PARAMS,
                _STATUS,
                _UPDATED,
                ("identifier", "token", "BOPS's id of the individual plan (one group per plan)."),
            ),
        ),
        ResourceType(
            "AuditEvent",
            (
                Source(
                    AccessLog,
                    _audit_events,
                    resources.audit_event,
                    last_updated="at",
                ),
            ),
            search_params=(*_PATIENT_PARAMS, _UPDATED),
        ),
        ResourceType(
            "Consent",
            (Source(Consent, _own_record(Consent, "organisation"), resources.consent),),
            searchable=False,
        ),
        ResourceType(
            "Observation",
            (Source(Assessment, _own_record(Assessment, "assessor"), resources.assessment),),
            searchable=False,
        ),
        ResourceType(
            "Provenance",
            (
                Source(
                    ReferralEvent,
                    _own_record(ReferralEvent, "referral", "by"),
                    referral_resources.referral_event,
                    person="referral.service_user_id",
                    last_updated="at",
                ),
            ),
            searchable=False,
        ),
    )
}
