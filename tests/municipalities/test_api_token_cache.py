"""A checked API token is kept for a few seconds with its grants
(bops/security/token_cache.py): the next request of an integration needs no
statement for it, and yet a deleted token, an expired one and a changed
membership take effect on the very next request."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken
from rest_framework.test import APIClient

from bops.security.tokens import issue_token
from municipalities.models import Membership

pytestmark = pytest.mark.django_db

LIST = "/api/v1/service-users/"
NOW = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def kept_for_a_day(settings):
    # Long enough that only the rules under test can end an entry.
    settings.BOPS_API_TOKEN_CACHE_SECONDS = 24 * 3600


def api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def token_statements(client, url=LIST) -> tuple:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    reads = [q["sql"] for q in captured.captured_queries if "knox_authtoken" in q["sql"]]
    return response, reads


def test_the_second_request_reads_no_token(coordinator, service_user):
    _, key = issue_token(coordinator)
    client = api(key)
    first, reads = token_statements(client)
    assert first.status_code == 200 and len(reads) == 1
    second, reads = token_statements(client)
    assert second.status_code == 200 and reads == []
    assert second.json()["results"] == first.json()["results"] != []


def test_a_wrong_key_with_a_kept_tokens_prefix_is_refused(coordinator, service_user):
    _, key = issue_token(coordinator)
    assert api(key).get(LIST).status_code == 200
    forged = key[:15] + ("0" if key[15] != "0" else "1") + key[16:]
    assert api(forged).get(LIST).status_code in (401, 403)


def test_a_kept_token_is_refused_the_moment_it_expires(coordinator, service_user):
    with time_machine.travel(NOW, tick=False):
        _, key = issue_token(coordinator)
        assert api(key).get(LIST).status_code == 200
    with time_machine.travel(NOW + datetime.timedelta(hours=7, minutes=59), tick=False):
        assert api(key).get(LIST).status_code == 200
    with time_machine.travel(NOW + datetime.timedelta(hours=8, minutes=1), tick=False):
        assert api(key).get(LIST).status_code in (401, 403)
    assert not AuthToken.objects.filter(user=coordinator).exists()


def test_a_kept_token_deleted_by_logout_is_refused_at_once(coordinator, service_user):
    _, key = issue_token(coordinator)
    client = api(key)
    assert client.get(LIST).status_code == 200
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get(LIST).status_code in (401, 403)


def test_a_kept_token_revoked_from_anywhere_is_refused_at_once(coordinator, service_user):
    _, key = issue_token(coordinator)
    assert api(key).get(LIST).status_code == 200
    AuthToken.objects.filter(user=coordinator).delete()  # e.g. a password change elsewhere
    assert api(key).get(LIST).status_code in (401, 403)


def test_a_removed_membership_takes_effect_on_the_next_request(coordinator, service_user):
    _, key = issue_token(coordinator)
    client = api(key)
    assert [row["id"] for row in client.get(LIST).json()["results"]] == [service_user.pk]
    Membership.objects.get(user=coordinator).delete()
    assert client.get(LIST).json()["results"] == []


def test_a_new_membership_takes_effect_on_the_next_request(outsider, service_user, home_service):
    _, key = issue_token(outsider)
    client = api(key)
    assert client.get(LIST).json()["results"] == []
    Membership.objects.create(user=outsider, organisation=home_service, role="coordinator")
    assert [row["id"] for row in client.get(LIST).json()["results"]] == [service_user.pk]


def test_a_closed_organisation_takes_effect_on_the_next_request(
    coordinator, service_user, home_service
):
    _, key = issue_token(coordinator)
    client = api(key)
    assert client.get(LIST).json()["results"] != []
    home_service.active = False
    home_service.save()
    assert client.get(LIST).json()["results"] == []


def test_with_the_cache_off_every_request_reads_the_token(settings, coordinator, service_user):
    settings.BOPS_API_TOKEN_CACHE_SECONDS = 0
    _, key = issue_token(coordinator)
    client = api(key)
    for _ in range(2):
        response, reads = token_statements(client)
        assert response.status_code == 200 and len(reads) == 1


def test_the_cache_never_holds_the_key_itself(coordinator, service_user):
    from django.core.cache import cache

    token, key = issue_token(coordinator)
    assert api(key).get(LIST).status_code == 200
    kept = cache.get(f"api-token:{token.digest}")
    assert kept is not None
    assert key not in repr(kept)
