"""The API fuzzed from its own OpenAPI schema (schemathesis), in the normal
suite: a bounded number of examples per operation, as a coordinator with a
token, against the WSGI application in the test database. No 5xx, and every
response conforms to the schema."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests import factories

EXAMPLES_PER_OPERATION = 15
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _load_schema():
    # The schema as /api/schema/ serves it, generated without a request.
    from drf_spectacular.generators import SchemaGenerator

    return schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))


schema = _load_schema()


@pytest.fixture(autouse=True)
def localhost_allowed(settings):
    # schemathesis calls the WSGI app as "localhost".
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI handler closes the database connection after each request,
    which would end the test's transaction; Django's test client does the
    same as this to avoid it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(coordinator, home, elsewhere, service_user):
    # Something to find: people at home and elsewhere, with their rows.
    factories.ServiceUserFactory(home_municipality=elsewhere)
    factories.AssessmentFactory(service_user=service_user)
    return AuthToken.objects.create(user=coordinator)[1]


@pytest.fixture
def own_person(service_user):
    return service_user


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_answers_every_generated_request_without_a_server_error(case, token, own_person):
    # Random ids almost never exist: writes go to a person the caller may
    # change, so the generated bodies reach validation and the save.
    if case.method in ("PUT", "PATCH") and case.path == "/api/v1/service-users/{id}/":
        case.path_parameters["id"] = own_person.pk
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"}, checks=CHECKS, app=WSGIHandler()
    )
