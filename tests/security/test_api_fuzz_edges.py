"""schemathesis over the OpenAPI schema with the inputs that once gave a 500,
which random generation alone rarely reaches within a bounded run: every
date and date-time query filter at year 1 and year 9999, and deeply nested
JSON in every JSON write body. Each case is built from the schema's own
operations (a new filter or write route joins by itself) and sent to the
WSGI application; the assertion is schemathesis's "not a server error",
and a nested body is refused (4xx), never stored."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error

from tests import factories
from tests.security.test_api_fuzz import (  # noqa: F401 (fixtures)
    keep_the_test_connection,
    localhost_allowed,
    schema,
)

pytestmark = pytest.mark.django_db

DATE_EDGES = {
    "date": ["0001-01-01", "9999-12-31", "01.01.0001", "31.12.9999"],
    "date-time": [
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59-12:00",
    ],
}
DEPTH = 200


def _nested(depth: int):
    value: object = "x"
    for level in range(depth):
        value = {"a": value} if level % 2 else [value]
    return value


def _operations():
    for result in schema.get_all_operations():
        yield result.ok()


def _date_filters() -> list[tuple[str, str, str]]:
    """(path, parameter, format) of every list filter that takes a date."""
    found = []
    for operation in _operations():
        if operation.method.upper() != "GET":
            continue
        for parameter in operation.definition.raw.get("parameters", []):
            fmt = parameter.get("schema", {}).get("format")
            if parameter.get("in") == "query" and fmt in DATE_EDGES:
                found.append((operation.path, parameter["name"], fmt))
    return found


def _json_writes() -> list[tuple[str, str]]:
    found = []
    for operation in _operations():
        body = operation.definition.raw.get("requestBody", {}).get("content", {})
        if operation.method.upper() in ("POST", "PUT", "PATCH") and "application/json" in body:
            found.append((operation.method.upper(), operation.path))
    return found


DATE_FILTERS = _date_filters()
JSON_WRITES = _json_writes()


def test_the_schema_has_the_date_filters_and_writes_this_test_walks():
    # If the schema lost its formats, the parametrised tests below would walk nothing.
    assert {("/api/v1/stays/", "on"), ("/api/v1/referrals/", "updated_since")} <= {
        (path, name) for path, name, _ in DATE_FILTERS
    }
    assert ("POST", "/api/v1/referrals/") in JSON_WRITES
    assert len(JSON_WRITES) >= 20


@pytest.fixture
def token(coordinator, service_user):
    factories.AssessmentFactory(service_user=service_user)
    return AuthToken.objects.create(user=coordinator)[1]


@pytest.fixture
def ids(service_user, coordinator, home_service):
    """Path ids that exist and the caller may change, so a body reaches the
    parser; other routes answer 404 before reading it (still no 5xx)."""
    draft = factories.ReferralFactory(
        service_user=service_user, sender=home_service, sender_contact=coordinator
    )
    return {"/api/v1/service-users/{id}/": service_user.pk, "/api/v1/referrals/{id}/": draft.pk}


@pytest.mark.parametrize(("path", "name", "fmt"), DATE_FILTERS)
def test_a_date_filter_at_the_edge_of_the_calendar_is_no_server_error(token, path, name, fmt):
    operation = schema[path]["GET"]
    for value in DATE_EDGES[fmt]:
        case = operation.Case(query={name: value})
        response = case.call_and_validate(
            headers={"Authorization": f"Token {token}"},
            checks=[not_a_server_error],
            app=WSGIHandler(),
        )
        assert response.status_code in (200, 400), (path, name, value, response.status_code)


@pytest.mark.parametrize(("method", "path"), JSON_WRITES)
def test_deeply_nested_json_in_a_write_is_refused_without_a_server_error(token, ids, method, path):
    operation = schema[path][method]
    path_parameters = {}
    for parameter in operation.definition.raw.get("parameters", []):
        if parameter.get("in") == "path":
            prefix = path.split("{")[0] + "{id}/"
            path_parameters[parameter["name"]] = ids.get(prefix, 2**31 - 1)
    for body in (_nested(DEPTH), {"reason": _nested(DEPTH), "note": _nested(DEPTH)}):
        case = operation.Case(
            path_parameters=path_parameters or None, body=body, media_type="application/json"
        )
        response = case.call_and_validate(
            headers={"Authorization": f"Token {token}"},
            checks=[not_a_server_error],
            app=WSGIHandler(),
        )
        assert 400 <= response.status_code < 500, (method, path, response.status_code)
