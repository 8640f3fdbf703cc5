"""The intake meeting: decide the waiting admission referrals in one go,
with the minutes; the waiting list with its filters."""

import pytest
from django.urls import reverse

from capacity.models import Application, IntakeMeeting
from referrals.choices import Kind as ReferralKind
from tests import factories


@pytest.fixture
def referrals(residence, home, home_service, coordinator, staff):
    def admission(first_name, status="received", **fields):
        person = factories.ServiceUserFactory(home_municipality=home, first_name=first_name)
        return factories.make_referral(
            status,
            sender_user=coordinator,
            receiver_user=staff,
            service_user=person,
            sender=home_service,
            receiver=residence.organisation,
            kind=ReferralKind.ADMISSION,
            **fields,
        )

    return admission("Anna"), admission("Bjarne", status="sent"), admission("Cecilie")


def url(residence):
    return reverse("capacity:intake_meeting", args=[residence.pk])


def test_the_meeting_lists_the_referrals_waiting_for_a_decision(
    client, staff, residence, referrals
):
    client.force_login(staff)
    response = client.get(url(residence))
    assert response.status_code == 200
    html = response.content.decode()
    for referral in referrals:
        assert referral.service_user.full_name in html


def test_the_meeting_records_every_decision_in_one_go(client, staff, residence, referrals):
    anna, bjarne, cecilie = referrals
    client.force_login(staff)
    response = client.post(
        url(residence),
        {
            f"r{anna.pk}-decision": "accept",
            f"r{anna.pk}-priority": "1",
            f"r{anna.pk}-reason": "Bur på gata.",
            f"r{bjarne.pk}-decision": "reject",
            f"r{bjarne.pk}-priority": "3",
            f"r{bjarne.pk}-rejection_reason": "other",
            f"r{bjarne.pk}-advice": "Prøv heimetenesta først.",
            f"r{cecilie.pk}-decision": "",
            f"r{cecilie.pk}-priority": "3",
            "minutes": "Tre saker; Cecilie vidare til neste møte.",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.service_user, application.priority) == (anna.service_user, 1)
    assert application.events.last().note == "Bur på gata."
    bjarne.refresh_from_db()
    assert (bjarne.status, bjarne.advice) == ("rejected", "Prøv heimetenesta først.")
    cecilie.refresh_from_db()
    assert cecilie.status == "received"
    assert IntakeMeeting.objects.get().minutes.startswith("Tre saker")


def test_missing_reasons_are_field_errors_and_nothing_is_recorded(
    client, staff, residence, referrals
):
    anna, bjarne, _ = referrals
    client.force_login(staff)
    response = client.post(
        url(residence),
        {
            f"r{anna.pk}-decision": "accept",
            f"r{anna.pk}-priority": "1",
            f"r{bjarne.pk}-decision": "reject",
            f"r{bjarne.pk}-priority": "3",
            "minutes": "",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    for field in (f"r{anna.pk}-reason", f"r{bjarne.pk}-advice", f"r{bjarne.pk}-rejection_reason"):
        assert f'id="id_{field}_error"' in html
    assert 'id="id_minutes_error"' in html
    assert not Application.objects.exists()
    assert not IntakeMeeting.objects.exists()


def test_a_refusal_undoes_the_whole_meeting(client, staff, residence, referrals):
    anna, bjarne, _ = referrals
    # Anna is on the list already, on an older referral: her acceptance is refused.
    old = factories.admission_referral(anna.service_user, residence, status="completed")
    factories.ApplicationFactory(residence=residence, service_user=anna.service_user, referral=old)
    client.force_login(staff)
    response = client.post(
        url(residence),
        {
            f"r{bjarne.pk}-decision": "reject",
            f"r{bjarne.pk}-rejection_reason": "other",
            f"r{bjarne.pk}-advice": "Prøv heimetenesta først.",
            f"r{anna.pk}-decision": "accept",
            f"r{anna.pk}-reason": "Treng plass snart.",
            "minutes": "Møte.",
        },
    )
    assert response.status_code == 409
    assert "har alt ein open søknad" in response.content.decode()
    bjarne.refresh_from_db()
    anna.refresh_from_db()
    assert (anna.status, bjarne.status) == ("received", "sent")
    assert not IntakeMeeting.objects.exists()


def test_the_waiting_list_filters_by_priority(client, staff, residence, home):
    urgent = factories.ApplicationFactory(
        residence=residence,
        service_user=factories.ServiceUserFactory(home_municipality=home, first_name="Hastig"),
        priority=1,
    )
    normal = factories.ApplicationFactory(
        residence=residence,
        service_user=factories.ServiceUserFactory(home_municipality=home, first_name="Vanleg"),
    )
    client.force_login(staff)
    html = client.get(url(residence), {"priority": "1"}).content.decode()
    assert urgent.service_user.full_name in html
    assert normal.service_user.full_name not in html


def test_who_may_use_the_meeting(client, staff_reader, coordinator, outsider, residence, referrals):
    client.force_login(staff_reader)
    assert client.get(url(residence)).status_code == 200
    assert client.post(url(residence), {"minutes": "x"}).status_code == 403
    for user in (coordinator, outsider):
        client.force_login(user)
        assert client.get(url(residence)).status_code in (403, 404)
