"""Five failed logins for one user name from one address lock that pair out for
30 minutes, on the login page, the admin login and the API token endpoint."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from knox.models import AuthToken

from tests import factories

PASSWORD = "demo-password-1"
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def staff(db):
    return factories.UserFactory(username="kari", is_staff=True, is_superuser=True)


def login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(client, username, times, address="10.0.0.1"):
    """Fail `times` times; the fifth failure already answers with the lockout."""
    for attempt in range(1, times + 1):
        response = login(client, username, "wrong-password", address)
        assert response.status_code == (429 if attempt >= 5 else 200)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_four_failures_then_the_right_password_still_logs_in(client, coordinator):
    fail(client, "koordinator", 4)
    response = login(client, "koordinator", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_after_five_failures_even_the_right_password_is_refused_with_a_clear_message(
    client, coordinator
):
    fail(client, "koordinator", 5)
    response = login(client, "koordinator", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Innlogginga er mellombels stengd" in page
    assert "30 minutt" in page
    assert "Login temporarily locked" in page
    assert not logged_in(client)


def test_the_lock_is_per_user_and_address(client, coordinator, reader):
    fail(client, "koordinator", 5)
    # The same user from another address, and another user from this address.
    assert login(client, "koordinator", PASSWORD, address="10.0.0.2").status_code == 302
    client.logout()
    assert login(client, "lesar", PASSWORD).status_code == 302


def test_the_lock_lifts_after_thirty_minutes(client, coordinator):
    with time_machine.travel(NOW, tick=False):
        fail(client, "koordinator", 5)
    with time_machine.travel(NOW + datetime.timedelta(minutes=29), tick=False):
        assert login(client, "koordinator", PASSWORD).status_code != 302
    with time_machine.travel(NOW + datetime.timedelta(minutes=31), tick=False):
        assert login(client, "koordinator", PASSWORD).status_code == 302
        assert logged_in(client)


def test_the_admin_login_locks_out_too(client, staff):
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "kari", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(
        url, {"username": "kari", "password": PASSWORD, "next": "/admin/"}, REMOTE_ADDR="10.0.0.9"
    )
    assert "Innlogginga er mellombels stengd" in response.content.decode()
    assert not logged_in(client)


class TestTokenEndpoint:
    url = "/api/v1/auth/token/"

    def post(self, client, password, address="10.0.0.5"):
        return client.post(
            self.url, {"username": "koordinator", "password": password}, REMOTE_ADDR=address
        )

    def test_the_right_password_gives_a_token(self, client, coordinator):
        response = self.post(client, PASSWORD)
        assert response.status_code == 200
        assert AuthToken.objects.get(user=coordinator).token_key == response.json()["token"][:15]

    def test_wrong_passwords_count_and_lock_the_pair_out(self, client, coordinator):
        for _ in range(4):
            assert self.post(client, "wrong").status_code == 400
        assert self.post(client, "wrong").status_code == 429
        response = self.post(client, PASSWORD)
        assert response.status_code == 429
        assert "låst" in response.json()["detail"]
        assert not AuthToken.objects.filter(user=coordinator).exists()
        # The browser login from the same address is locked as well: one count.
        assert login(client, "koordinator", PASSWORD, address="10.0.0.5").status_code == 429
