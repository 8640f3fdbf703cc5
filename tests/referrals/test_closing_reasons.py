"""Withdrawing and completing need a reason category, and words when it is
"other": on the page, through the API and in the model."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from referrals.choices import Status


def page(referral, action):
    return reverse("referrals:referral_transition", args=[referral.pk, action])


def api(user, referral, **data):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(
        f"/api/v1/referrals/{referral.pk}/transition/",
        {"version": referral.version, **data},
        format="json",
    )


def test_withdrawing_without_a_reason_is_refused_everywhere(client, make, coordinator):
    referral = make("received")
    with pytest.raises(ValidationError) as error:
        referral.withdraw(by=coordinator)
    assert "withdrawal_reason" in error.value.message_dict
    client.force_login(coordinator)
    response = client.post(page(referral, "withdraw"), {"version": referral.version})
    assert response.status_code == 200
    assert "Vel grunnen." in response.content.decode()
    response = api(coordinator, referral, to="withdrawn")
    assert response.status_code == 400
    assert "withdrawal_reason" in response.json()
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


def test_other_needs_words_in_the_note(client, make, coordinator, intake):
    referral = make("received")
    client.force_login(coordinator)
    response = client.post(
        page(referral, "withdraw"), {"version": referral.version, "withdrawal_reason": "other"}
    )
    assert response.status_code == 200
    assert "Skildra grunnen når du vel anna." in response.content.decode()
    started = make("started", kind="advice")
    response = api(intake, started, to="completed", completion_reason="other")
    assert response.status_code == 400
    assert "note" in response.json()
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


def test_the_reason_is_kept_and_shown_on_the_referral(client, make, intake):
    referral = make("started")
    response = api(intake, referral, to="completed", completion_reason="transferred")
    assert response.status_code == 200
    assert response.json()["completion_reason"] == "transferred"
    client.force_login(intake)
    html = client.get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    assert "Vidareført av ei anna teneste" in html


def test_the_withdraw_page_for_each_persona(client, make, coordinator, reader, outsider):
    referral = make("received")
    client.force_login(coordinator)
    html = client.get(page(referral, "withdraw")).content.decode()
    assert 'name="withdrawal_reason"' in html
    client.force_login(reader)
    assert client.get(page(referral, "withdraw")).status_code == 403
    client.force_login(outsider)
    assert client.get(page(referral, "withdraw")).status_code == 404
