"""Closing an application and discharging a resident need a reason category,
and words when it is "other": in the model and services, on the page,
through the API, and (for what the admin could save) in the database."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from bops.errors import InvalidInput
from capacity import services
from capacity.models import Application, Stay
from tests.capacity.conftest import place
from tests.capacity.views_helpers import applicant, resident, today  # noqa: F401

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def application(residence, home):
    return applicant(residence, home)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def page(name, pk):
    return reverse(f"capacity:{name}", args=[pk])


def test_closing_an_application_without_a_reason_is_refused_in_the_model(application, staff):
    for move in ("withdraw", "decline"):
        with pytest.raises(InvalidInput) as error:
            getattr(application, move)(by=staff, note="Flytta")
        assert (error.value.field, error.value.message) == ("reason", "Choose the reason.")
    with pytest.raises(InvalidInput) as error:
        application.withdraw(by=staff, reason="other", note="  ")
    assert (error.value.field, error.value.message) == (
        "note",
        "Describe the reason when you choose other.",
    )
    with pytest.raises(InvalidInput):
        application.withdraw(by=staff, reason="offer_expired")  # the clock's alone
    application.refresh_from_db()
    assert application.status == Application.Status.WAITING
    assert not application.events.exclude(action="apply").exists()


def test_the_api_answers_400_with_the_field(application, coordinator, staff, residence):
    url = f"/api/v1/applications/{application.pk}"
    response = api(coordinator).post(f"{url}/withdraw/", {"note": "Flytta"}, format="json")
    assert response.status_code == 400
    assert response.json()["reason"] == ["Vel grunnen."]
    response = api(staff).post(f"{url}/decline/", {"reason": "other"}, format="json")
    assert response.status_code == 400
    assert response.json()["note"] == ["Skildra grunnen når du vel anna."]
    application.refresh_from_db()
    assert application.status == Application.Status.WAITING

    application.offer(
        by=staff, place=place(residence, "A1"), valid_until=datetime.date(2026, 3, 17)
    )
    response = api(coordinator).post(f"{url}/decline-offer/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = api(coordinator).post(
        f"{url}/decline-offer/", {"reason": "other", "note": "Fekk tilbod nærare."}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["close_reason"]) == ("declined", "other")


def test_the_page_shows_the_field_errors_and_then_the_reason(client, application, coordinator):
    client.force_login(coordinator)
    response = client.post(page("withdraw", application.pk), {"withdraw-note": "Flytta."})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_withdraw-reason_error"' in html and "Vel grunnen." in html
    response = client.post(page("withdraw", application.pk), {"withdraw-reason": "other"})
    assert response.status_code == 400
    assert "Skildra grunnen når du vel anna." in response.content.decode()
    response = client.post(page("withdraw", application.pk), {"withdraw-reason": "moved"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.close_reason) == ("withdrawn", "moved")
    html = client.get(page("application", application.pk)).content.decode()
    assert "Grunn til å lukke" in html and "Personen flytta" in html


def test_the_three_personas_on_the_decline_form(client, application, staff, staff_reader, outsider):
    data = {"decline-reason": "not_eligible"}
    client.force_login(outsider)
    assert client.post(page("decline", application.pk), data).status_code == 404
    client.force_login(staff_reader)
    assert client.post(page("decline", application.pk), data).status_code == 403
    client.force_login(staff)
    assert (
        'name="decline-reason"' in client.get(page("application", application.pk)).content.decode()
    )
    assert client.post(page("decline", application.pk), data).status_code == 302
    application.refresh_from_db()
    assert application.close_reason == "not_eligible"


def test_an_offer_that_runs_out_is_closed_as_such(application, staff, residence):
    application.offer(
        by=staff, place=place(residence, "A1"), valid_until=datetime.date(2026, 3, 10)
    )
    assert services.expire_offers(datetime.date(2026, 3, 11)) == 1
    application.refresh_from_db()
    assert (application.status, application.close_reason) == ("expired", "offer_expired")


def test_the_database_refuses_a_closed_application_without_a_reason(application):
    # What the admin or a script might try: the constraint holds everywhere.
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(status="withdrawn")


def test_discharging_as_other_needs_words_in_service_page_and_api(client, staff, residence, home):
    stay = resident(residence, "A1", home)
    with pytest.raises(InvalidInput) as error:
        services.discharge(stay, datetime.date(2026, 3, 10), "other", by=staff)
    assert error.value.field == "note"

    client.force_login(staff)
    url = page("discharge", stay.pk)
    response = client.post(url, {"end": "10.03.2026", "reason": "other"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_note_error"' in html and "Skildra grunnen når du vel anna." in html

    response = api(staff).post(
        f"/api/v1/stays/{stay.pk}/discharge/", {"end": "2026-03-10", "reason": "other"}
    )
    assert response.status_code == 400
    assert response.json()["note"] == ["Skildra grunnen når du vel anna."]
    response = api(staff).post(f"/api/v1/stays/{stay.pk}/discharge/", {"end": "2026-03-10"})
    assert response.status_code == 400 and "reason" in response.json()
    stay.refresh_from_db()
    assert stay.end is None

    response = api(staff).post(
        f"/api/v1/stays/{stay.pk}/discharge/",
        {"end": "2026-03-10", "reason": "other", "note": "Flytta til syster si."},
    )
    assert response.status_code == 200
    assert (response.json()["end_reason"], response.json()["end_note"]) == (
        "other",
        "Flytta til syster si.",
    )


def test_the_reasons_are_counted_by_category(application, staff, residence, home):
    application.withdraw(by=staff, reason="moved")
    other = applicant(residence, home)
    other.decline(by=staff, reason="not_eligible")
    third = applicant(residence, home)
    third.withdraw(by=staff, reason="moved")
    stay = resident(residence, "A1", home)
    services.discharge(stay, datetime.date(2026, 3, 10), "planned", by=staff)
    period = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert Application.objects.closed_by_reason(*period) == {"moved": 2, "not_eligible": 1}
    assert Stay.objects.ended_by_reason(*period) == {"planned": 1}
