"""FHIR search parameters as filters on BOPS rows: status codes mapped back
to BOPS statuses, and identifiers (the national identity number, BOPS's
own id)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from fhir_api import codes


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
