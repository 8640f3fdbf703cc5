"""Which resource types the API serves, where each comes from, and who may
see which rows: every source starts from the model's `for_user()` scope,
the same as the JSON API, so an outsider gets 404 and an empty search.

A resource type has one or more sources (EpisodeOfCare: the residence's
stays and its applications). Each source says how its rows are fetched
(with everything its builder reads, in one query), how FHIR search
parameters become filters, and which person each row is about (for the
access log).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from bops import access
from bops.audit import AccessLog
from capacity.models import Application, Stay
from fhir_api import codes, episode_resources, plan_resources, referral_resources, resources
from municipalities.models import (
    Assessment,
    Consent,
    IndividualPlan,
    Organisation,
    PrivatePurchase,
    ServiceUser,
)
from referrals.models import Referral, ReferralEvent


def privacy_people(user) -> QuerySet:
    """The people whose own record (the export, the access log) the user may
    produce: the rule of the right-of-access pages (privacy/views.py,
    `person_for_privacy`): the coordinator of the person's home
    municipality, or a superuser. An intake clinician who sees the person
    through a referral does not."""
    people = ServiceUser.objects.for_user(user, access.VIEW)
    if not access.is_superuser(user):
        people = people.filter(home_municipality__in=access.coordinator_municipality_ids(user))
    return people


def _patients(user) -> QuerySet:
    died = Stay.objects.filter(service_user=OuterRef("pk"), end_reason=Stay.EndReason.DEATH)
    return (
        ServiceUser.objects.for_user(user, access.VIEW)
        .select_related("home_municipality")
        .annotate(died=Exists(died))
    )


def _referrals(user) -> QuerySet:
    return Referral.objects.for_user(user, access.VIEW).select_related(
        "service_user", "sender", "receiver"
    )


def _stays(user) -> QuerySet:
    return Stay.objects.for_user(user, access.VIEW).select_related(
        "service_user", "place__residence__organisation"
    )


def _applications(user) -> QuerySet:
    return Application.objects.for_user(user, access.VIEW).select_related(
        "service_user", "residence__organisation"
    )


def _audit_events(user) -> QuerySet:
    return AccessLog.objects.filter(
        service_user__in=privacy_people(user).values("pk")
    ).select_related("user", "organisation")


def _own_record(model, *related):
    """Rows of the person's own record that the JSON export holds but no
    list of the JSON API shows (consents, assessments, private purchases,
    the referral history): for whoever may produce the export, so an intake
    clinician still sees only what the referral sent."""

    def rows(user) -> QuerySet:
        person = "referral__service_user" if model is ReferralEvent else "service_user"
        return model.objects.filter(
            **{f"{person}__in": privacy_people(user).values("pk")}
        ).select_related(*related)

    return rows


#: What a CarePlan or CareTeam builder reads with the plan: one query each,
#: however many plans a page holds.
CARE_PLAN_PARTS = (
    "goals__notes__author",
    "measures__responsible_organisation",
    "measures__catalogue_link__entry",
    "evaluations__by",
)
CARE_TEAM_PARTS = ("participants__organisation", "participants__user")


def plan_rows(queryset: QuerySet, parts) -> QuerySet:
    return queryset.select_related("service_user", "coordinator", "crisis_plan").prefetch_related(
        *parts
    )


def _plans(parts):
    """The plan pages' rule (IndividualPlan.objects.for_user, with the
    participants' access periods and consents and the residence's hook):
    a participant whose period has run out, or an outsider, gets 404."""

    def rows(user) -> QuerySet:
        return plan_rows(IndividualPlan.objects.for_user(user, access.VIEW), parts)

    return rows


def _organisations(user) -> QuerySet:
    # Reference data every signed-in user may read, as in the JSON API.
    return Organisation.objects.select_related("municipality")


# --- status filters: FHIR codes -> BOPS rows ---------------------------------


def _inverse(mapping: dict) -> dict[str, list[str]]:
    inverse: dict[str, list[str]] = {}
    for bops, fhir in mapping.items():
        inverse.setdefault(fhir, []).append(str(bops))
    return inverse


REQUEST_STATUS_ROWS = _inverse(codes.REQUEST_STATUS)
TASK_STATUS_ROWS = _inverse(codes.TASK_STATUS)
APPLICATION_STATUS_ROWS = _inverse(codes.APPLICATION_EPISODE_STATUS)
CARE_PLAN_STATUS_ROWS = _inverse(codes.CARE_PLAN_STATUS)
CARE_TEAM_STATUS_ROWS = _inverse(codes.CARE_TEAM_STATUS)
REQUEST_STATUSES = (
    "draft",
    "active",
    "on-hold",
    "revoked",
    "completed",
    "entered-in-error",
    "unknown",
)
TASK_STATUSES = (
    "draft", "requested", "received", "accepted", "rejected", "ready", "cancelled",
    "in-progress", "on-hold", "failed", "completed", "entered-in-error",
)  # fmt: skip


def _by_mapping(rows: dict[str, list[str]]) -> Callable[[list[str], object], Q]:
    def rule(values: list[str], today) -> Q:
        return Q(status__in=[s for v in values for s in rows.get(v, [])])

    return rule


def _purchase_status(values: list[str], today) -> Q:
    rule = Q(pk__in=[])
    if "finished" in values:
        rule |= Q(end_date__lt=today)
    if "active" in values:
        rule |= Q(end_date__isnull=True) | Q(end_date__gte=today)
    return rule


def _stay_status(values: list[str], today) -> Q:
    rule = Q(pk__in=[])
    if "finished" in values:
        rule |= Q(end__isnull=False, end__lte=today)
    if "planned" in values:
        rule |= Q(start__gt=today)
    if "active" in values:
        rule |= Q(start__lte=today) & (Q(end__isnull=True) | Q(end__gt=today))
    return rule


def _patient_identifier(system: str | None, value: str) -> Q:
    if system is None:
        return Q(national_id=value, anonymised_at__isnull=True) | _bops(
            "service-user", system, value
        )
    if system in codes.NATIONAL_ID_SYSTEMS:
        if codes.national_id_system(value) != system:
            return Q(pk__in=[])
        return Q(national_id=value, anonymised_at__isnull=True)
    return _bops("service-user", system, value)


def _bops(model_name: str, system: str | None, value: str) -> Q:
    if system not in (None, codes.bops_identifier_system(model_name)) or not value.isdigit():
        return Q(pk__in=[])
    return Q(pk=int(value))


def _bops_identifier(model_name: str) -> Callable[[str | None, str], Q]:
    return lambda system, value: _bops(model_name, system, value)


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
