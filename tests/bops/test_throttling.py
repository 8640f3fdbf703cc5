"""API rate limits: beyond the token, write and per-user rates the API
answers 429 with Retry-After; the rates are settings."""

import pytest
from django.core.cache import cache
from knox.models import AuthToken
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "demo-password-1"
HIGH = "100000/minute"


@pytest.fixture(autouse=True)
def fresh_counts():
    """The throttles count in the default cache; every test starts at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rates(settings):
    def set_rates(**low):
        settings.BOPS_API_RATES = {"user": HIGH, "write": HIGH, "token": HIGH, **low}

    return set_rates


def client_for(user) -> APIClient:
    client = APIClient()
    _, key = AuthToken.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def assert_throttled(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "detail" in response.json()


def test_the_token_endpoint_is_limited_per_address(rates, coordinator):
    rates(token="3/minute")
    client = APIClient()
    for _ in range(3):
        response = client.post(TOKEN_URL, {"username": "koordinator", "password": PASSWORD})
        assert response.status_code == 200
    response = client.post(TOKEN_URL, {"username": "koordinator", "password": PASSWORD})
    assert_throttled(response)
    assert AuthToken.objects.filter(user=coordinator).count() == 3
    # Another address is counted on its own.
    other = client.post(
        TOKEN_URL, {"username": "koordinator", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert other.status_code == 200


def test_guessing_passwords_for_many_names_is_limited_too(rates, coordinator):
    rates(token="3/minute")
    client = APIClient()
    for name in ("anne", "berit", "carl"):
        assert client.post(TOKEN_URL, {"username": name, "password": "x"}).status_code == 400
    assert_throttled(client.post(TOKEN_URL, {"username": "dina", "password": "x"}))


def test_writes_are_limited_per_user_while_reads_go_on(rates, coordinator, service_user):
    rates(write="2/hour")
    client = client_for(coordinator)
    url = f"/api/v1/service-users/{service_user.pk}/"
    for name in ("Anna", "Berit"):
        assert client.patch(url, {"first_name": name}, format="json").status_code == 200
    assert_throttled(client.patch(url, {"first_name": "Cecilie"}, format="json"))
    service_user.refresh_from_db()
    assert service_user.first_name == "Berit"
    assert client.get(url).status_code == 200


def test_every_user_has_a_general_rate(rates, coordinator, reader):
    rates(user="3/minute")
    client = client_for(coordinator)
    for _ in range(3):
        assert client.get("/api/v1/service-users/").status_code == 200
    assert_throttled(client.get("/api/v1/service-users/"))
    # One user's use does not slow another down.
    assert client_for(reader).get("/api/v1/service-users/").status_code == 200


def test_the_limit_counts_the_user_not_the_token(rates, coordinator):
    rates(user="2/minute")
    for _ in range(2):
        assert client_for(coordinator).get("/api/v1/service-users/").status_code == 200
    assert_throttled(client_for(coordinator).get("/api/v1/service-users/"))


def test_the_default_rates_are_set_and_finite(settings):
    from bops import settings as production

    for scope in ("user", "write", "token"):
        count, _, period = production.BOPS_API_RATES[scope].partition("/")
        assert int(count) > 0 and period in {"second", "minute", "hour", "day"}


def test_retry_after_is_when_the_next_request_goes_through(rates, coordinator):
    import datetime

    import time_machine

    rates(user="3/minute")
    client = client_for(coordinator)
    start = datetime.datetime(2026, 3, 2, 8, 0, 50, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(3):
            assert client.get("/api/v1/service-users/").status_code == 200
        refused = client.get("/api/v1/service-users/")
        assert_throttled(refused)
        wait = int(refused["Retry-After"])
        clock.shift(wait - 1)
        assert_throttled(client.get("/api/v1/service-users/"))
        clock.shift(1)
        assert client.get("/api/v1/service-users/").status_code == 200


def test_a_busy_user_costs_the_cache_two_small_numbers(rates, coordinator):
    """An integration at its limit's pace: the count kept per user does not
    grow with its requests (DRF's own throttle keeps every request's time)."""
    rates(user="100000/hour")
    client = client_for(coordinator)
    for _ in range(60):
        assert client.get("/api/v1/service-users/").status_code == 200
    # The local-memory cache's keys are stored as ":<version>:<key>".
    kept = {key: cache.get(key.split(":", 2)[2]) for key in list(cache._cache)}
    counts = [value for key, value in kept.items() if "throttle_user" in key]
    assert counts and all(isinstance(value, int) for value in counts)
    assert sum(counts) == 60
