"""/reports/council/: the period form, which starts the report's job, for council
readers, the residence lead and administrators only. Without a broker the job runs
in the request (the job tests against a real worker are in tests/jobs/)."""

import pytest
from django.urls import reverse

URL = reverse("reports:council")
Q1 = {"from": "2025-01-01", "to": "2025-03-31"}


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_a_coordinator_gets_403(as_user, coordinator, nine_municipalities):
    assert as_user(coordinator).get(URL, Q1).status_code == 403
    assert as_user(coordinator).get(URL).status_code == 403


def test_a_read_only_coordinator_gets_403_too(as_user, reader):
    assert as_user(reader).get(URL, Q1).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(URL, Q1)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def pdf_of(client, response):
    """Follow the job page to the stored PDF."""
    assert response.status_code == 302
    job_page = client.get(response["Location"], HTTP_ACCEPT="application/json")
    assert job_page.json()["status"] == "done"
    return client.get(job_page.json()["pdf_url"])


def test_a_council_reader_gets_the_pdf_through_its_job(
    as_user, council_reader, report_world, django_capture_on_commit_callbacks
):
    client = as_user(council_reader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(URL, Q1)
    assert response["Location"].startswith("/reports/jobs/")
    pdf = pdf_of(client, response)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert "2025-01-01-2025-03-31" in pdf["Content-Disposition"]
    assert "no-store" in pdf["Cache-Control"]


@pytest.mark.parametrize("who", ["residence_lead", "admin_user"])
def test_the_residence_lead_and_administrators_get_the_pdf(
    request, as_user, who, nine_municipalities, django_capture_on_commit_callbacks
):
    client = as_user(request.getfixturevalue(who))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(URL, {"year": "2025", "quarter": "2"})
    assert pdf_of(client, response)["Content-Type"] == "application/pdf"


def test_without_a_period_the_reader_sees_the_form(as_user, council_reader):
    response = as_user(council_reader).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert 'name="year"' in body and 'name="quarter"' in body
    assert 'name="from"' in body and 'name="to"' in body


def test_a_last_day_before_the_first_is_a_field_error(as_user, council_reader, settings):
    client = as_user(council_reader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the user chose English
    response = client.get(URL, {"from": "2025-03-31", "to": "2025-01-01", "language": "en"})
    assert response.status_code == 400
    assert response.context["form"].errors["to"] == ["The last day cannot be before the first day."]


def test_a_period_longer_than_a_year_is_a_field_error(as_user, council_reader):
    response = as_user(council_reader).get(URL, {"from": "2024-01-01", "to": "2025-06-30"})
    assert response.status_code == 400
    assert "to" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_date_that_is_not_a_date_is_a_field_error_not_a_500(as_user, council_reader):
    response = as_user(council_reader).get(URL, {"from": "2025-13-45", "to": "2025-03-31"})
    assert response.status_code == 400
    assert "from" in response.context["form"].errors


def test_an_unknown_language_is_a_field_error(as_user, council_reader):
    response = as_user(council_reader).get(URL, {**Q1, "language": "sv"})
    assert response.status_code == 400
    assert "language" in response.context["form"].errors
