"""API list pages from plain rows: `QuerySet.values()` in, the serializer's JSON out.

Why: a list page of 50 referrals through a ModelSerializer builds 200 model
instances (each referral and its three joined rows) and walks 25 DRF fields
per row through `get_attribute()` and `to_representation()`. At national
scale that was about 10 of the 14 ms a request cost, while the database
needed 1.3 ms for the same rows. A list needs none of that work: the database
returns the columns and the joined names (`values()` with annotations), and a
value needs at most one conversion to JSON (a datetime to local ISO 8601, a
date to ISO, a decimal to a string).

How: a serializer that defines
`row_values(queryset)` – the same fields, named as the serializer names them,
computed by the database – and a viewset with `RowListMixin` serve its list. The
conversion uses the serializer's own fields, so a row gives exactly the JSON
an instance gives (tests/bops/test_api_rows.py and
tests/referrals/test_api_list_rows.py holds them equal), and
the serializer stays the API's contract: its fields make the OpenAPI schema.
"""

from __future__ import annotations

import datetime

from rest_framework import ISO_8601, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings

# Field classes whose JSON differs from the Python value the database
# returns; every other readable field passes its value through as it is
# (strings, numbers, booleans, choice values, related ids).
CONVERTED_FIELDS = (
    serializers.DateTimeField,
    serializers.DateField,
    serializers.TimeField,
    serializers.DecimalField,
    serializers.DurationField,
    serializers.UUIDField,
)


def converter_for(field):
    """The function that turns a row's value into the field's JSON, or None
    when the value is its own JSON. Datetimes and dates in ISO 8601 (the API's
    format) get a direct conversion: the field's `to_representation()` would
    look up the format and time zone again for every value."""
    if not isinstance(field, CONVERTED_FIELDS):
        return None
    if isinstance(field, serializers.DateTimeField):
        output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
        zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
        if output_format and output_format.lower() == ISO_8601 and zone is not None:

            def local_iso(value):
                text = value.astimezone(zone).isoformat()
                return text[:-6] + "Z" if text.endswith("+00:00") else text

            return local_iso
    elif isinstance(field, serializers.DateField):
        output_format = getattr(field, "format", api_settings.DATE_FORMAT)
        if output_format and output_format.lower() == ISO_8601:
            return datetime.date.isoformat
    return field.to_representation


_readable_fields: dict[type, list] = {}


def readable_fields(serializer) -> list[tuple[str, serializers.Field]]:
    """(name, field) for each readable field, made once per serializer class:
    building a ModelSerializer's fields costs about 1 ms, and the fields of a
    read-only list do not change from one request to the next (a serializer
    whose fields depend on the request must not be served from rows)."""
    cls = type(serializer)
    fields = _readable_fields.get(cls)
    if fields is None:
        fields = [(name, f) for name, f in serializer.fields.items() if not f.write_only]
        _readable_fields[cls] = fields
    return fields


class RowListSerializer(serializers.ListSerializer):
    """`many=True` over rows (dicts): each value through its field's
    converter, if it has one. The child is the serializer that names the
    fields, e.g. `RowListSerializer(page, child=ReferralSerializer())`."""

    def to_representation(self, data):
        # Converters per call: a datetime's converter holds the current time zone.
        plan = [(name, converter_for(field)) for name, field in readable_fields(self.child)]
        return [
            {
                name: (convert(value) if convert is not None and value is not None else value)
                for name, convert in plan
                for value in (row[name],)
            }
            for row in data
        ]


class RowListMixin:
    """For a list viewset whose serializer has `row_values(queryset)`: the
    list action pages through those rows and serialises them with
    `RowListSerializer`. Filtering, pagination and the access log work as
    for instances (`bops.audit.people_of()` reads a row's person id by key)."""

    def list(self, request, *args, **kwargs):
        serializer_class = self.get_serializer_class()
        queryset = self.filter_queryset(self.get_queryset())
        child = serializer_class(context=self.get_serializer_context())
        if self.paginator is None:
            rows = serializer_class.row_values(queryset)
            return Response(RowListSerializer(rows, child=child).data)
        # The paginator counts the queryset and fetches only the page as rows.
        self.paginator.page_rows = serializer_class.row_values
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(RowListSerializer(page, child=child).data)
