"""The API's JSON renderer (orjson) writes exactly what DRF's JSONRenderer writes."""

import datetime
import decimal
import uuid
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from bops.renderers import FastJSONRenderer

OSLO = ZoneInfo("Europe/Oslo")


def test_every_kind_of_value_comes_out_byte_for_byte_as_drf_writes_it():
    data = ReturnDict(
        {
            "count": 1001,
            "count_is_exact": False,
            "next": None,
            "results": ReturnList(
                [
                    {
                        "id": 7,
                        "name": "Åse Ødegård",
                        "at": datetime.datetime(2026, 3, 2, 9, 0, 0, 123456, tzinfo=OSLO),
                        "utc": datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC),
                        "day": datetime.date(2026, 3, 2),
                        "time": datetime.time(9, 30, 15, 500000),
                        "amount": decimal.Decimal("12.50"),
                        "key": uuid.UUID(int=5),
                        "label": gettext_lazy("Status"),
                        "by_id": {3: "three"},
                        "line": b"a\\u2028b\\u2029c".decode("unicode_escape"),
                        "ratio": 0.1,
                        "tags": ("a", "b"),
                    }
                ],
                serializer=None,
            ),
        },
        serializer=None,
    )
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


def test_an_empty_answer_is_empty_and_an_indented_one_is_left_to_drf():
    assert FastJSONRenderer().render(None) == b""
    data = {"a": [1, 2]}
    indented = FastJSONRenderer().render(data, "application/json; indent=2")
    assert indented == JSONRenderer().render(data, "application/json; indent=2")
