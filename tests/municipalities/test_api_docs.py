"""The OpenAPI schema and the Swagger docs work with no network."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_schema_describes_the_service_user_endpoints(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith("openapi: 3")
    assert "/api/v1/service-users/{id}/" in text
    assert "/api/v1/auth/token/" in text


def test_the_docs_page_loads_its_scripts_from_our_own_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert any(path.endswith("swagger-ui-bundle.js") for path in assets)
    for path in assets:
        assert finders.find(path), f"{path} is not among the static files"
