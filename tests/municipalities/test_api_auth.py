"""Token authentication: POST /api/v1/auth/token/ gives a token the API accepts."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password-1"  # tests.factories.UserFactory's password


def test_a_user_gets_a_token_and_the_api_accepts_it(coordinator, service_user):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "koordinator", "password": PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["token"]

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listing = client.get("/api/v1/service-users/")
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [service_user.pk]


def test_the_same_user_gets_the_same_token_twice(coordinator):
    client = APIClient()
    first = client.post("/api/v1/auth/token/", {"username": "koordinator", "password": PASSWORD})
    second = client.post("/api/v1/auth/token/", {"username": "koordinator", "password": PASSWORD})
    assert first.json()["token"] == second.json()["token"]


def test_a_wrong_password_gets_no_token(coordinator):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "koordinator", "password": "wrong"}
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_a_made_up_token_is_refused(service_user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = client.get("/api/v1/service-users/")
    # Session authentication comes first, and DRF then answers 403 (not 401).
    assert response.status_code == 403
    assert "token" in response.json()["detail"].lower()
