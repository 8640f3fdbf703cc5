"""JSON nested deeper than BOPS_API_MAX_JSON_DEPTH is a 400 before it is
parsed; a body of a hundred thousand brackets is a 400, not a 500."""

import pytest
from rest_framework.test import APIClient

from bops.parsers import nesting_depth

pytestmark = pytest.mark.django_db


def post_raw(user, body: str, url="/api/v1/service-users/"):
    client = APIClient()
    client.force_authenticate(user)
    return client.generic("POST", url, body, content_type="application/json")


def nested(depth: int) -> str:
    return '{"first_name": ' + "[" * (depth - 1) + "1" + "]" * (depth - 1) + "}"


def test_depth_is_counted_outside_strings_only():
    assert nesting_depth('{"a": [1, {"b": 2}]}') == 3
    assert nesting_depth('{"a": "[[[[[[[[[[[[{{{{{"}') == 1
    assert nesting_depth('{"a": "\\"[[[[[[[["}') == 1
    assert nesting_depth("1") == 0


def test_json_deeper_than_the_limit_is_a_400(coordinator, settings):
    settings.BOPS_API_MAX_JSON_DEPTH = 8
    response = post_raw(coordinator, nested(9))
    assert response.status_code == 400
    assert "8" in response.json()["detail"]


def test_json_at_the_limit_reaches_validation(coordinator, settings):
    settings.BOPS_API_MAX_JSON_DEPTH = 8
    response = post_raw(coordinator, nested(8))
    assert response.status_code == 400
    assert "first_name" in response.json()  # a field error, not a parse error


@pytest.mark.parametrize("depth", [10_000, 200_000])
def test_very_deep_json_is_a_400_not_a_server_error(coordinator, depth):
    response = post_raw(coordinator, "[" * depth + "]" * depth)
    assert response.status_code == 400


def test_the_token_endpoint_refuses_deep_json_too(db):
    client = APIClient()
    body = '{"username": ' + "[" * 50_000 + "]" * 50_000 + "}"
    response = client.generic("POST", "/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400


def test_broken_json_is_still_a_400(coordinator):
    assert post_raw(coordinator, '{"first_name": ').status_code == 400
    assert post_raw(coordinator, '{"x": NaN}').status_code == 400
