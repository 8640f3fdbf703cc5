"""The JSON logs carry request ids and what happened, never a person's name or
identity number: a whole referral flow and a council report job, read back
line by line as the log handler writes them."""

import io
import json
import logging

import pytest
from django.conf import settings
from django.urls import reverse

from municipalities.models import ServiceUser


@pytest.fixture
def log_lines():
    """Everything logged, through the project's own handler set-up, as text."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    from bops.logs import JsonFormatter, RequestIdFilter

    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [line for line in stream.getvalue().splitlines() if line.strip()]
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.mark.django_db(transaction=True)  # mails and the job start on commit, in the request
def test_a_referral_flow_and_a_report_job_log_no_names_or_identity_numbers(
    client, log_lines, draft, coordinator, intake, admin_user
):
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "json"
    person = draft.service_user
    transition = "referrals:referral_transition"
    client.force_login(coordinator)
    client.get(reverse("municipalities:serviceuser_detail", args=[person.pk]))
    client.post(reverse(transition, args=[draft.pk, "send"]), {"version": draft.version})
    draft.refresh_from_db()
    client.force_login(intake)
    client.get(reverse("referrals:referral_detail", args=[draft.pk]))
    client.post(reverse(transition, args=[draft.pk, "accept"]), {"version": draft.version})
    client.force_login(admin_user)
    report = client.get(reverse("reports:council"), {"year": "2025", "quarter": "1"})
    draft.refresh_from_db()
    assert draft.status == "accepted"
    assert report.status_code == 302

    lines = log_lines()
    records = [json.loads(line) for line in lines]
    messages = [r["message"] for r in records]
    assert messages.count("request") == 5
    assert "report job done" in messages
    assert "mail sent" in messages
    assert all(r.get("request_id") for r in records if r["message"] == "request")
    # The report job's lines carry the id of the request that started it.
    report_request = next(r for r in records if r.get("view") == "reports:council")
    job_lines = [r for r in records if r["logger"] == "reports.jobs"]
    assert job_lines and {r["request_id"] for r in job_lines} == {report_request["request_id"]}

    everything = "\n".join(lines)
    for person in ServiceUser.objects.all():
        for secret in (person.first_name, person.last_name, person.national_id):
            assert secret not in everything
