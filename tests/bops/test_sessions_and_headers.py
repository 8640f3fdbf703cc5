"""Idle sessions end after 30 minutes; cookies and headers protect the pages;
the production settings pass Django's deployment checks."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def at(minutes: int):
    return time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False)


def log_in(client):
    response = client.post(
        reverse("login"), {"username": "koordinator", "password": "demo-password-1"}
    )
    assert response.status_code == 302
    return response


def test_an_idle_session_ends_after_thirty_minutes(client, coordinator):
    with at(0):
        log_in(client)
    with at(29):
        assert client.get(reverse("home")).status_code == 200
    with at(29 + 31):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_activity_keeps_the_session_alive(client, coordinator):
    with at(0):
        log_in(client)
    for minute in (20, 40, 60, 80):
        with at(minute):
            assert client.get(reverse("home")).status_code == 200


def session_writes(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q for q in queries.captured_queries if 'UPDATE "django_session"' in q["sql"]]


def test_the_session_is_written_at_most_once_a_minute(client, coordinator):
    from django.contrib.sessions.models import Session

    with at(0):
        log_in(client)
    expiry = Session.objects.get().expire_date
    with time_machine.travel(START + datetime.timedelta(seconds=50), tick=False):
        assert session_writes(client, reverse("home")) == []
    assert Session.objects.get().expire_date == expiry
    with time_machine.travel(START + datetime.timedelta(seconds=70), tick=False):
        assert len(session_writes(client, reverse("home"))) == 1
    assert Session.objects.get().expire_date == expiry + datetime.timedelta(seconds=70)


def test_a_request_with_an_ended_session_starts_no_new_one(client, coordinator):
    from django.contrib.sessions.models import Session

    with at(0):
        log_in(client)
    with at(31):
        assert client.get(reverse("home")).status_code == 302
    assert not Session.objects.filter(expire_date__gt=START + datetime.timedelta(minutes=31))


def test_session_and_csrf_cookies_are_httponly_and_samesite_lax(client, coordinator):
    page = client.get(reverse("login"))
    assert page.cookies["csrftoken"]["samesite"] == "Lax"
    response = log_in(client)
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


def test_pages_carry_a_content_security_policy_without_inline_script(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("home"))
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_pages_forbid_sniffing_framing_and_leaking_the_address(client):
    response = client.get(reverse("login"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_https_answers_carry_hsts_when_it_is_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def manage(*args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "BOPS_HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    base.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "SECRET_KEY": "k" * 10 + "-production-like-secret-key-for-the-deploy-check-1234567890",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "bops.example.org",
}


def test_production_settings_pass_the_deployment_checks_only_with_https():
    ok = manage("check", "--deploy", "--fail-level", "WARNING", BOPS_HTTPS="1", **PRODUCTION)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    plain = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert plain.returncode != 0
    assert "security.W004" in plain.stderr + plain.stdout  # no HSTS without HTTPS


def test_production_cookies_are_secure():
    out = manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0,"
        " s.BOPS_REQUIRE_2FA)",
        BOPS_HTTPS="1",
        **PRODUCTION,
    )
    assert out.stdout.split() == ["True"] * 5, out.stderr


@pytest.mark.parametrize(("debug", "expected"), [("1", "False"), ("0", "True")])
def test_the_second_factor_is_on_by_default_only_without_debug(debug, expected):
    out = manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.BOPS_REQUIRE_2FA)",
        **{**PRODUCTION, "DEBUG": debug},
    )
    assert out.stdout.strip() == expected, out.stderr
