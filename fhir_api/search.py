"""FHIR search parameters -> filters, and keyset paging.

Paging is by id (the primary key, ascending) with the last id shown as the
cursor, never an offset: rows added while a client pages through arrive at
the end, and nothing shifts under the client, so every row is returned
exactly once. A resource type with several sources (EpisodeOfCare) pages
through them in order; the cursor names the source and the id in it.
"""

from __future__ import annotations

import datetime
import re

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from fhir_api.types import ResourceType, Source

DEFAULT_COUNT = 50
MAX_COUNT = 200
COMMON = {"_count", "_cursor", "_format"}


class BadRequest(Exception):
    """A search the API cannot answer: 400 with an OperationOutcome."""


def _reference_id(value: str) -> str:
    value = value.rsplit("/", 1)[-1] if value.startswith(("Patient/", "http")) else value
    if not value.isdigit():
        raise BadRequest(_("A patient reference is Patient/<id> or <id>: %s") % value)
    return value


_PREFIX = re.compile(r"^(eq|ge|gt|le|lt)?(.+)$")


def _moment_range(raw: str) -> tuple[str, datetime.datetime, datetime.datetime]:
    """(prefix, start, end) of a FHIR date/dateTime search value."""
    match = _PREFIX.match(raw)
    prefix, text = match.group(1) or "eq", match.group(2)
    moment = parse_datetime(text) if "T" in text else None
    if moment is not None:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return prefix, moment, moment
    day = parse_date(text) if len(text) == 10 else None
    if day is None:
        raise BadRequest(
            _(
                "_lastUpdated needs a date (2026-01-31) or a time with zone, after ge, gt, le or lt: %s"
            )
            % raw
        )
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return prefix, start, start + datetime.timedelta(days=1)


def last_updated(field: str, values: list[str]) -> Q:
    rule = Q()
    for raw in values:
        prefix, start, end = _moment_range(raw)
        exact = start == end
        if prefix == "ge":
            rule &= Q(**{f"{field}__gte": start})
        elif prefix == "gt":
            rule &= Q(**{f"{field}__gt" if exact else f"{field}__gte": end})
        elif prefix == "le":
            rule &= Q(**{f"{field}__lte" if exact else f"{field}__lt": end})
        elif prefix == "lt":
            rule &= Q(**{f"{field}__lt": start})
        else:
            rule &= (
                Q(**{field: start}) if exact else Q(**{f"{field}__gte": start, f"{field}__lt": end})
            )
    return rule


def parse_count(params) -> int:
    raw = params.get("_count")
    if raw is None:
        return DEFAULT_COUNT
    if not raw.isdigit() or int(raw) < 1:
        raise BadRequest(_("_count is a whole number from 1: %s") % raw)
    return min(int(raw), MAX_COUNT)


def parse_cursor(params, rtype: ResourceType) -> tuple[int, int]:
    raw = params.get("_cursor")
    if raw is None:
        return 0, 0
    match = re.fullmatch(r"(\d+)-(\d+)", raw)
    if not match or int(match.group(1)) >= len(rtype.sources):
        raise BadRequest(_("_cursor is not one this server gave: %s") % raw)
    return int(match.group(1)), int(match.group(2))


def check_params(params, rtype: ResourceType) -> None:
    allowed = COMMON | {name for name, _type, _doc in rtype.search_params}
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise BadRequest(
            _("Search parameter not supported for %(type)s: %(names)s (see /metadata)")
            % {"type": rtype.name, "names": ", ".join(unknown)}
        )
    fmt = params.get("_format")
    if fmt is not None and "json" not in fmt:
        raise BadRequest(_("Only JSON is served (_format=json): %s") % fmt)


def filters(params, rtype: ResourceType, source: Source) -> Q:
    """The filter for one source, from the request's search parameters.
    A parameter the source cannot meet (a status none of its rows has)
    matches nothing."""
    rule = Q()
    today = timezone.localdate()
    for name in ("patient", "subject"):
        for value in params.getlist(name):
            rule &= Q(**{source.patient_field: int(_reference_id(value))})
    statuses = [s for value in params.getlist("status") for s in value.split(",") if s]
    if "status" in params:
        wrong = [s for s in statuses if s not in rtype.statuses]
        if wrong or not statuses:
            raise BadRequest(
                _("Unknown %(type)s status: %(codes)s (one of %(allowed)s)")
                % {
                    "type": rtype.name,
                    "codes": ", ".join(wrong) or "''",
                    "allowed": ", ".join(rtype.statuses),
                }
            )
        rule &= source.status(statuses, today)
    if "_lastUpdated" in params:
        rule &= last_updated(source.last_updated, params.getlist("_lastUpdated"))
    for value in params.getlist("identifier"):
        system, _sep, code = value.rpartition("|") if "|" in value else (None, "", value)
        if not code:
            raise BadRequest(_("identifier is system|value or value: %s") % value)
        rule &= source.identifier(system or None, code)
    return rule


def page(user, params, rtype: ResourceType) -> tuple[list[tuple[Source, object]], str | None]:
    """One page of (source, row) and the cursor of the next page (None at the end)."""
    check_params(params, rtype)
    count = parse_count(params)
    start, after = parse_cursor(params, rtype)
    found: list[tuple[Source, object]] = []
    for index in range(start, len(rtype.sources)):
        source = rtype.sources[index]
        queryset = source.rows(user).filter(filters(params, rtype, source)).order_by("pk")
        since = after if index == start else 0
        if since:
            queryset = queryset.filter(pk__gt=since)
        room = count - len(found)
        if source.keys_first:
            # The page's ids in a subquery of their own: without the joins
            # of select_related, PostgreSQL plans it by the scope's indexes
            # (a unit's referrals in a status) instead of walking the
            # primary key through a whole table (docs/running-at-scale.md).
            queryset = queryset.filter(pk__in=queryset.values("pk")[: room + 1])
        rows = list(queryset[: room + 1])
        taken = rows[:room]
        found.extend((source, row) for row in taken)
        if len(rows) > room:
            return found, f"{index}-{taken[-1].pk if taken else since}"
    return found, None
