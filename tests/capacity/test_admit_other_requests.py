"""Admitting a person shows their other open referrals and applications and
lets the admitting user close the ones they may close, with a reason."""

import pytest
from django.urls import reverse

from referrals.choices import Status
from tests import factories
from tests.capacity.conftest import place
from tests.capacity.views_helpers import applicant, today  # noqa: F401

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def application(residence, home):
    return applicant(residence, home, first_name="Ola", last_name="Søkjar")


@pytest.fixture
def other_referral(application, residence, staff, home):
    """A referral the residence itself sent to the DPS about the person."""
    dps = factories.dps_for(home, name="DPS Indre Sogn")
    intake = factories.member_of(dps, role="intake", username="dps-inntak")
    return factories.make_referral(
        "sent",
        sender_user=staff,
        receiver_user=intake,
        service_user=application.service_user,
        sender=residence.organisation,
        receiver=dps,
    )


def test_the_admit_page_lists_the_other_open_referral(client, staff, application, other_referral):
    client.force_login(staff)
    html = client.get(reverse("capacity:admit", args=[application.pk])).content.decode()
    assert f'name="close_referral" value="{other_referral.pk}"' in html
    assert "DPS Indre Sogn" in html


def test_admitting_closes_the_ticked_requests_with_the_reason(
    client, staff, application, other_referral, residence
):
    client.force_login(staff)
    response = client.post(
        reverse("capacity:admit", args=[application.pk]),
        {
            "place": place(residence, "A1").pk,
            "start": "10.03.2026",
            "close_referral": [other_referral.pk],
            "close_reason": "Flyttar inn i bufellesskapet.",
        },
    )
    assert response.status_code == 302
    other_referral.refresh_from_db()
    assert other_referral.status == Status.WITHDRAWN
    assert other_referral.withdrawal_reason == "sent_elsewhere"
    event = other_referral.events.order_by("pk").last()
    assert event.by == staff and event.note == "Flyttar inn i bufellesskapet."


def test_unticked_requests_stay_open(client, staff, application, other_referral, residence):
    client.force_login(staff)
    client.post(
        reverse("capacity:admit", args=[application.pk]),
        {"place": place(residence, "A1").pk, "start": "10.03.2026"},
    )
    other_referral.refresh_from_db()
    assert other_referral.status == Status.RECEIVED  # received on arrival at the DPS


def test_a_read_only_member_and_an_outsider_get_no_admit_page(
    client, staff_reader, outsider, application, other_referral
):
    url = reverse("capacity:admit", args=[application.pk])
    client.force_login(staff_reader)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
