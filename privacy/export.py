"""All data BOPS holds about one person (GDPR art. 15), as plain values.

The same structure feeds the JSON file and the PDF. Rows about the person are
found generically (privacy/related.py): every model with a foreign key
to ServiceUser is a section, and rows pointing at those rows (e.g. the events
of a referral, the progress notes of a plan's goal) are nested under them, two
levels deep. The access log is not part of the data
body; it has a section of its own.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone

from bops.audit import AccessLog
from bops.formats import format_date, format_datetime
from municipalities.models import Membership
from privacy.related import relations_to

FORMAT = "bops-person-export/1"


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "text": str(value)}
    return value


def _display(row, field) -> str:
    value = getattr(row, field.name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(row, f"get_{field.name}_display")())
    if isinstance(value, bool):
        return "✓" if value else "–"
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    return str(value)


def _fields(model, skip: str | None = None) -> list:
    # `skip` is the key back to the parent row: the section already says whose rows these are.
    return [f for f in model._meta.concrete_fields if f.name != skip]


def _row(row, fields, children) -> dict:
    return {
        "values": {f.name: _plain(getattr(row, f.name)) for f in fields},
        "display": [_display(row, f) for f in fields],
        "children": children,
    }


def _section(relation, parent, top_models: set, depth: int) -> dict:
    fields = _fields(relation.model, skip=relation.field)
    rows = []
    for row in relation.rows_for(parent):
        children = []
        if depth < 3:
            for child in relations_to(relation.model):
                if child.model in top_models:
                    continue  # listed at the top level already
                section = _section(child, row, top_models, depth + 1)
                if section["rows"]:
                    children.append(section)
        rows.append(_row(row, fields, children))
    return {
        "model": relation.model._meta.label_lower,
        "title": str(relation.model._meta.verbose_name_plural),
        "fields": [{"name": f.name, "label": str(f.verbose_name)} for f in fields],
        "rows": rows,
    }


def person_export(person, *, by) -> dict:
    """Everything about `person`, ready for json.dumps() and the PDF template."""
    model = type(person)
    relations = relations_to(model)
    top_models = {r.model for r in relations}
    person_fields = _fields(model)
    log = AccessLog.objects.about(person)
    return {
        "format": FORMAT,
        "generated_at": timezone.now().isoformat(),
        "generated_by": by.get_username(),
        "person": {
            "fields": [
                {
                    "name": f.name,
                    "label": str(f.verbose_name),
                    "value": _plain(getattr(person, f.name)),
                    "display": _display(person, f),
                }
                for f in person_fields
            ]
        },
        "sections": [_section(r, person, top_models, 1) for r in relations],
        "access_log": [
            {
                "at": entry.at.isoformat(),
                "user": entry.user.get_username(),
                "organisation": str(entry.organisation) if entry.organisation else "",
                "role": entry.role,
                "action": entry.action,
                "action_label": str(entry.get_action_display()),
                "route": entry.route,
            }
            for entry in log
        ],
    }


def access_log_entries(person) -> list[dict]:
    """The access log about `person`, newest first, for the page and its PDF."""
    roles = dict(Membership.Role.choices)
    return [
        {
            "at": entry.at,
            "who": entry.user.get_full_name() or entry.user.get_username(),
            "organisation": entry.organisation,
            "role": roles.get(entry.role, entry.role),
            "what": entry.get_action_display(),
            "route": entry.route,
        }
        for entry in AccessLog.objects.about(person)
    ]
