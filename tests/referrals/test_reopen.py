"""Reopening a closed referral: within 30 days, by the side that closed it,
with a comment the event keeps; a reopened rejection starts the clock again."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from referrals.choices import Status
from referrals.rules import TransitionError

OSLO = datetime.timezone(datetime.timedelta(hours=2))  # summer time around Easter 2026


def at(day: datetime.date, hour: int = 10):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), OSLO))


def page(referral, action):
    return reverse("referrals:referral_transition", args=[referral.pk, action])


def api(user, referral, **data):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(f"/api/v1/referrals/{referral.pk}/transition/", data, format="json")


@pytest.fixture
def rejected_before_easter(make):
    with at(datetime.date(2026, 3, 20)):
        return make("rejected")


def test_a_reopened_rejection_is_received_again_with_a_new_deadline_across_easter(
    rejected_before_easter, intake
):
    referral = rejected_before_easter
    # Wednesday before Easter: Maundy Thursday, Good Friday and Easter Monday
    # are holidays, so the 10th working day after is Monday 20 April.
    with at(datetime.date(2026, 4, 1)):
        event = referral.reopen_rejected(by=intake, note="Ny informasjon frå fastlegen.")
        referral.refresh_from_db()
        assert referral.status == Status.RECEIVED
        assert referral.received_at.date() == datetime.date(2026, 4, 1)
        assert referral.assessment_deadline == datetime.date(2026, 4, 20)
        assert referral.working_days_left() == 10
        assert (referral.decided_at, referral.rejection_reason, referral.advice) == (None, "", "")
    assert (event.from_status, event.to_status, event.by) == ("rejected", "received", intake)
    assert event.note.startswith("Ny informasjon frå fastlegen.")
    assert "Prøv kommunen." in event.note  # the earlier advice stays in the history


def test_the_receiver_reopens_a_rejection_on_its_page_and_sees_the_new_clock(
    client, rejected_before_easter, intake
):
    referral = rejected_before_easter
    client.force_login(intake)
    with at(datetime.date(2026, 4, 1)):
        detail = client.get(reverse("referrals:referral_detail", args=[referral.pk]))
        assert page(referral, "reopen_rejected") in detail.content.decode()
        response = client.post(
            page(referral, "reopen_rejected"),
            {"version": referral.version, "note": "Ny informasjon."},
            follow=True,
        )
    assert response.status_code == 200
    assert "20.04.2026" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


def test_reopening_needs_a_comment_on_the_page_and_in_the_api(client, make, intake):
    referral = make("rejected")
    client.force_login(intake)
    response = client.post(page(referral, "reopen_rejected"), {"version": referral.version})
    assert response.status_code == 200
    assert "Skriv kvifor tilvisinga blir opna att." in response.content.decode()
    response = api(intake, referral, to="received", version=referral.version, note=" ")
    assert response.status_code == 400
    assert "note" in response.json()
    referral.refresh_from_db()
    assert referral.status == Status.REJECTED


def test_reopening_after_30_days_is_refused_with_the_day_it_was_closed(
    client, rejected_before_easter, intake
):
    referral = rejected_before_easter
    with at(datetime.date(2026, 4, 20)):
        with pytest.raises(TransitionError, match="30") as error:
            referral.reopen_rejected(by=intake, note="For seint.")
        assert "20.03.2026" in str(error.value)
        response = api(intake, referral, to="received", version=referral.version, note="x")
        assert response.status_code == 409
        assert response.json()["code"] == "reopen_too_late"
        client.force_login(intake)
        detail = client.get(reverse("referrals:referral_detail", args=[referral.pk]))
        assert page(referral, "reopen_rejected") not in detail.content.decode()
        response = client.post(
            page(referral, "reopen_rejected"), {"version": referral.version, "note": "x"}
        )
        assert response.status_code == 409
    referral.refresh_from_db()
    assert referral.status == Status.REJECTED


def test_only_the_side_that_closed_it_may_reopen(
    client, make, coordinator, reader, intake_reader, outsider
):
    referral = make("rejected")
    for user in (coordinator, intake_reader):
        client.force_login(user)
        response = client.post(
            page(referral, "reopen_rejected"), {"version": referral.version, "note": "x"}
        )
        assert response.status_code == 403
        assert (
            api(user, referral, to="received", version=referral.version, note="x").status_code
            == 403
        )
    client.force_login(outsider)
    assert client.get(page(referral, "reopen_rejected")).status_code == 404
    assert (
        api(outsider, referral, to="received", version=referral.version, note="x").status_code
        == 404
    )
    referral.refresh_from_db()
    assert referral.status == Status.REJECTED


def test_the_sender_reopens_a_withdrawn_referral_as_a_draft(make, coordinator, intake):
    referral = make("withdrawn")
    assert api(intake, referral, to="draft", version=referral.version, note="x").status_code == 403
    response = api(coordinator, referral, to="draft", version=referral.version, note="Likevel.")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["sent_at"]) == ("draft", None)
    assert body["events"][-1]["note"].startswith("Likevel.")
    assert "ikkje lenger naudsynt" in body["events"][-1]["note"]  # the reason it was closed
    assert body["withdrawal_reason"] == ""


def test_the_receiver_reopens_a_completed_referral_as_started(client, make, intake):
    referral = make("completed")
    client.force_login(intake)
    client.post(
        page(referral, "reopen_completed"),
        {"version": referral.version, "note": "Treng fleire samtalar."},
    )
    referral.refresh_from_db()
    assert referral.status == Status.STARTED
    assert referral.events.last().note.startswith("Treng fleire samtalar.")
    assert referral.completion_reason == ""
