"""Row conversion gives the JSON DRF's own fields give (bops/api_rows.py)."""

import datetime
import decimal
import zoneinfo

import pytest
from django.utils import timezone
from rest_framework import serializers

from bops.api_rows import converter_for

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
VALUES = {
    serializers.DateTimeField(): [
        datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC),  # before summer time
        datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.UTC),  # after
        datetime.datetime(2025, 12, 31, 23, 0, 0, 123456, tzinfo=datetime.UTC),
        datetime.datetime(2026, 7, 1, 12, 0, tzinfo=OSLO),
    ],
    serializers.DateField(): [datetime.date(2024, 2, 29)],
    serializers.DecimalField(max_digits=8, decimal_places=2): [decimal.Decimal("1234.5")],
}


@pytest.mark.parametrize("zone", ["Europe/Oslo", "UTC"])
@pytest.mark.parametrize("field", list(VALUES), ids=lambda f: type(f).__name__)
def test_a_converted_value_equals_the_fields_representation(field, zone):
    with timezone.override(zone):
        convert = converter_for(field)
        for value in VALUES[field]:
            assert convert(value) == field.to_representation(value)


def test_plain_values_pass_through():
    assert converter_for(serializers.CharField()) is None
    assert converter_for(serializers.BooleanField()) is None
    assert converter_for(serializers.IntegerField()) is None
