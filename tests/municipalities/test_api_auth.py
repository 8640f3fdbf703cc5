"""API tokens: POST /api/v1/auth/token/ gives a token the API accepts, for a
working day; it is stored hashed and ends with a password change,
deactivation, lockout, logout or the user's own revocation."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password-1"  # tests.factories.UserFactory's password
TOKEN_URL = "/api/v1/auth/token/"
NOW = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


def get_token(username="koordinator", password=PASSWORD) -> str:
    response = APIClient().post(TOKEN_URL, {"username": username, "password": password})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def api(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def works(token: str) -> bool:
    return api(token).get("/api/v1/service-users/").status_code == 200


def test_a_user_gets_a_token_and_the_api_accepts_it(coordinator, service_user):
    token = get_token()
    listing = api(token).get("/api/v1/service-users/")
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [service_user.pk]


def test_the_answer_names_when_the_token_expires_a_working_day_later(coordinator):
    with time_machine.travel(NOW, tick=False):
        response = APIClient().post(TOKEN_URL, {"username": "koordinator", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expiry"}
    expiry = datetime.datetime.fromisoformat(body["expiry"])
    assert expiry == NOW + datetime.timedelta(hours=8)


def test_the_token_stops_working_when_it_expires(coordinator):
    with time_machine.travel(NOW, tick=False):
        token = get_token()
    with time_machine.travel(NOW + datetime.timedelta(hours=7, minutes=59), tick=False):
        assert works(token)
    with time_machine.travel(NOW + datetime.timedelta(hours=8, minutes=1), tick=False):
        assert not works(token)


def test_the_lifetime_is_a_setting(coordinator, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": datetime.timedelta(minutes=30)}
    with time_machine.travel(NOW, tick=False):
        token = get_token()
    with time_machine.travel(NOW + datetime.timedelta(minutes=31), tick=False):
        assert not works(token)


def test_the_database_holds_no_working_key(coordinator):
    token = get_token()
    stored = AuthToken.objects.get(user=coordinator)
    assert token not in (stored.digest, stored.token_key)
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest, token_key FROM knox_authtoken")
        for row in cursor.fetchall():
            assert not works(row[0])
            assert token not in row


def test_each_login_gets_its_own_token_and_both_work(coordinator):
    first, second = get_token(), get_token()
    assert first != second
    assert works(first) and works(second)


def test_a_wrong_password_gets_no_token(coordinator):
    response = APIClient().post(TOKEN_URL, {"username": "koordinator", "password": "wrong"})
    assert response.status_code == 400
    assert "token" not in response.json()
    assert not AuthToken.objects.exists()


def test_an_inactive_user_gets_no_token(coordinator):
    coordinator.is_active = False
    coordinator.save()
    response = APIClient().post(TOKEN_URL, {"username": "koordinator", "password": PASSWORD})
    assert response.status_code == 400


def test_a_made_up_token_is_refused(service_user):
    client = api("0123456789abcdef0123456789abcdef01234567")
    response = client.get("/api/v1/service-users/")
    assert response.status_code in (401, 403)
    assert "token" in response.json()["detail"].lower()


# --- tokens die ----------------------------------------------------------------


def test_a_password_change_on_the_page_ends_every_token(client, coordinator):
    tokens = [get_token(), get_token()]
    client.force_login(coordinator)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-9",
            "new_password2": "a-new-long-passphrase-9",
        },
    )
    assert response.status_code == 302
    assert not any(works(token) for token in tokens)
    assert not AuthToken.objects.filter(user=coordinator).exists()


def test_a_password_set_in_code_or_admin_ends_every_token(coordinator):
    token = get_token()
    user = User.objects.get(pk=coordinator.pk)
    user.set_password("another-long-passphrase-7")
    user.save()
    assert not works(token)


def test_a_login_that_only_stamps_last_login_keeps_the_tokens(client, coordinator):
    token = get_token()
    client.post(reverse("login"), {"username": "koordinator", "password": PASSWORD})
    assert works(token)


def test_deactivating_the_user_ends_every_token(coordinator):
    token = get_token()
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])
    assert not AuthToken.objects.filter(user=coordinator).exists()
    coordinator.is_active = True
    coordinator.save()
    assert not works(token)


def test_a_lockout_ends_every_token_of_that_user(settings, coordinator):
    settings.AXES_ENABLED = True
    token = get_token()
    client = APIClient()
    for _ in range(5):
        response = client.post(TOKEN_URL, {"username": "koordinator", "password": "wrong"})
    assert response.status_code == 429
    assert not works(token)


def test_another_users_password_change_leaves_my_tokens(coordinator, reader):
    token = get_token()
    reader.set_password("another-long-passphrase-7")
    reader.save()
    assert works(token)


def test_logout_ends_the_token_it_was_sent_with_only(coordinator):
    first, second = get_token(), get_token()
    assert api(first).post("/api/v1/auth/logout/").status_code == 204
    assert not works(first)
    assert works(second)


# --- a user lists and revokes their own ------------------------------------------


def test_a_user_lists_their_own_live_tokens_only(coordinator, reader):
    with time_machine.travel(NOW, tick=False):
        get_token()
    mine = get_token()
    get_token("lesar")
    response = api(mine).get("/api/v1/auth/tokens/")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 1  # the expired one is not listed; the reader's is not mine
    assert rows[0]["key"] == mine[:15]
    assert rows[0]["current"] is True
    assert set(rows[0]) == {"key", "created", "expiry", "current"}


def test_a_user_revokes_one_of_their_tokens(coordinator):
    keep, drop = get_token(), get_token()
    response = api(keep).delete(f"/api/v1/auth/tokens/{drop[:15]}/")
    assert response.status_code == 204
    assert not works(drop)
    assert works(keep)


def test_another_users_token_cannot_be_revoked(coordinator, reader):
    mine, theirs = get_token(), get_token("lesar")
    response = api(mine).delete(f"/api/v1/auth/tokens/{theirs[:15]}/")
    assert response.status_code == 404
    assert works(theirs)


def test_a_user_revokes_all_their_tokens_at_once(coordinator, reader):
    first, second, theirs = get_token(), get_token(), get_token("lesar")
    assert api(first).delete("/api/v1/auth/tokens/").status_code == 204
    assert not works(first) and not works(second)
    assert works(theirs)


def test_the_token_list_needs_a_login():
    assert APIClient().get("/api/v1/auth/tokens/").status_code in (401, 403)


def test_tokens_are_not_in_admin(client, admin_user, coordinator):
    get_token()
    client.force_login(admin_user)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert b"knox" not in index.content.lower()
    assert client.get("/admin/knox/authtoken/").status_code == 404


def test_a_token_is_checked_with_one_statement_however_many_tokens_its_user_has(
    coordinator, django_assert_num_queries
):
    from bops.security.tokens import TokenAuthentication, issue_token

    for _ in range(3):
        issue_token(coordinator)
    _, key = issue_token(coordinator)
    with django_assert_num_queries(1):
        user, _ = TokenAuthentication().authenticate_credentials(key.encode())
    assert user == coordinator


def test_an_expired_token_is_refused_and_deleted_and_the_next_issue_sweeps_the_rest(
    client, coordinator
):
    import datetime

    from django.utils import timezone
    from knox.models import AuthToken

    from bops.security.tokens import issue_token

    old, old_key = issue_token(coordinator)
    other, _ = issue_token(coordinator)
    past = timezone.now() - datetime.timedelta(minutes=1)
    AuthToken.objects.filter(pk__in=[old.pk, other.pk]).update(expiry=past)
    response = client.get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token {old_key}")
    # Refused as any bad credential is here (session authentication comes first: 403).
    assert response.status_code == 403
    assert not AuthToken.objects.filter(pk=old.pk).exists()
    assert AuthToken.objects.filter(pk=other.pk).exists()
    issue_token(coordinator)
    assert not AuthToken.objects.filter(pk=other.pk).exists()
