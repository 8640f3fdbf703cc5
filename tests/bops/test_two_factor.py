"""The second factor (TOTP): staff who see personal data enrol an app and give
a code after each login when BOPS_REQUIRE_2FA is on; council readers do not.
Codes are computed from the device key, as the phone app would."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from tests import factories

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def required(settings):
    settings.BOPS_REQUIRE_2FA = True


def code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)


@pytest.fixture
def council_reader(db):
    council = factories.OrganisationFactory(name="Sogn regionråd", kind="council")
    return factories.member_of(council, role="council_reader", username="radsmedlem")


def test_a_coordinator_without_a_device_is_sent_to_enrolment(client, coordinator, required):
    client.force_login(coordinator)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("security:enrol") + "?next=%2F"


def test_enrolment_shows_a_qr_code_without_any_script(client, coordinator, required):
    client.force_login(coordinator)
    response = client.get(reverse("security:enrol"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page
    assert "<script" not in page
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    # The key typed by hand is the same as in the QR code.
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")
    assert secret in device.config_url


def test_the_right_code_confirms_the_device_and_opens_the_pages(client, coordinator, required):
    client.force_login(coordinator)
    client.get(reverse("security:enrol"))
    device = TOTPDevice.objects.get(user=coordinator)
    response = client.post(reverse("security:enrol"), {"token": code(device), "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_a_field_error_and_confirms_nothing(client, coordinator, required):
    client.force_login(coordinator)
    client.get(reverse("security:enrol"))
    device = TOTPDevice.objects.get(user=coordinator)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("security:enrol"), {"token": wrong})
    assert response.status_code == 200
    assert "Koden er feil eller har gått ut" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("home")).status_code == 302


def test_after_each_login_an_enrolled_user_gives_a_code(client, coordinator, required):
    device = confirmed_device(coordinator)
    client.force_login(coordinator)
    response = client.get("/?tab=referrals")
    assert response.url == reverse("security:verify") + "?next=%2F%3Ftab%3Dreferrals"
    # Enrolling another device is refused until the session is verified.
    assert client.get(reverse("security:enrol")).url.startswith(reverse("security:verify"))
    response = client.post(reverse("security:verify"), {"token": code(device), "next": "/"})
    assert response.url == "/"
    assert client.get(reverse("home")).status_code == 200


def test_a_used_code_cannot_be_replayed(client, coordinator, required):
    device = confirmed_device(coordinator)
    used = code(device)
    client.force_login(coordinator)
    client.post(reverse("security:verify"), {"token": used})
    client.logout()
    client.force_login(coordinator)
    response = client.post(reverse("security:verify"), {"token": used})
    assert response.status_code == 200
    assert "Koden er feil eller har gått ut" in response.content.decode()


def test_the_next_address_cannot_send_the_user_elsewhere(client, coordinator, required):
    device = confirmed_device(coordinator)
    client.force_login(coordinator)
    response = client.post(
        reverse("security:verify"), {"token": code(device), "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_council_readers_are_not_forced(client, council_reader, required):
    client.force_login(council_reader)
    assert client.get(reverse("home")).status_code == 200


def test_administrators_must_verify_before_admin(client, admin_user, required):
    client.force_login(admin_user)
    response = client.get(reverse("admin:index"))
    assert response.url.startswith(reverse("security:enrol"))


def test_when_the_setting_is_off_nobody_is_forced(client, coordinator, settings):
    settings.BOPS_REQUIRE_2FA = False
    client.force_login(coordinator)
    assert client.get(reverse("home")).status_code == 200


def test_a_session_api_call_before_verification_is_refused(client, coordinator, required):
    client.force_login(coordinator)
    response = client.get("/api/v1/auth/token/")  # any API path; no redirect for machines
    assert response.status_code == 405  # exempt: the token endpoint decides itself
    response = client.get("/api/schema/")
    assert response.status_code == 403
    assert "andre faktoren" in response.json()["detail"]


class TestApiToken:
    def post(self, client, **extra):
        return client.post(
            TOKEN_URL, {"username": "koordinator", "password": "demo-password-1", **extra}
        )

    def test_without_a_code_no_token_is_issued(self, client, coordinator, required):
        confirmed_device(coordinator)
        response = self.post(client)
        assert response.status_code == 400
        assert "otp_token" in response.json()
        assert not AuthToken.objects.exists()

    def test_a_user_who_never_enrolled_gets_no_token(self, client, coordinator, required):
        response = self.post(client, otp_token="123456")
        assert response.status_code == 400
        assert "Set opp ein andre faktor" in response.json()["otp_token"][0]

    def test_the_current_code_gives_a_token(self, client, coordinator, required):
        device = confirmed_device(coordinator)
        response = self.post(client, otp_token=code(device))
        assert response.status_code == 200
        assert AuthToken.objects.get(user=coordinator).token_key == response.json()["token"][:15]

    def test_council_readers_get_a_token_with_the_password_alone(
        self, client, council_reader, required
    ):
        response = client.post(TOKEN_URL, {"username": "radsmedlem", "password": "demo-password-1"})
        assert response.status_code == 200
