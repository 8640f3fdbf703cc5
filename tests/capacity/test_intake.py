"""The one path into the queue: the admission referral is the application.

The coordinator sends an admission referral to the residence; when the
intake team accepts it, the person is on the waiting list in the same
transaction, dated the day the referral was sent.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse

from bops.errors import IllegalTransition
from capacity import services
from capacity.models import Application, Stay
from referrals.choices import Kind as ReferralKind
from referrals.choices import Status as ReferralStatus
from referrals.models import Referral
from tests import factories
from tests.capacity.test_api_residences import client_for

SENT = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
ACCEPTED = datetime.datetime(2026, 3, 9, 11, 0, tzinfo=datetime.UTC)


@pytest.fixture
def make(service_user, home_service, residence, coordinator, staff):
    def build(status, **fields):
        return factories.make_referral(
            status,
            sender_user=coordinator,
            receiver_user=staff,
            service_user=service_user,
            sender=home_service,
            receiver=residence.organisation,
            kind=ReferralKind.ADMISSION,
            **fields,
        )

    return build


def test_accepting_the_referral_puts_the_person_on_the_waiting_list_from_the_day_it_was_sent(
    make, staff, residence, service_user, home
):
    with time_machine.travel(SENT, tick=False):
        referral = make("received")
    assert not Application.objects.exists()
    with time_machine.travel(ACCEPTED, tick=False):
        referral.accept(by=staff)
    application = Application.objects.get()
    assert (application.residence, application.service_user, application.referral) == (
        residence,
        service_user,
        referral,
    )
    assert application.status == Application.Status.WAITING
    assert application.applied_on == datetime.date(2026, 3, 2)
    assert application.applying_municipality == home
    assert [(e.action, e.by) for e in application.events.all()] == [("apply", staff)]
    assert referral.answers == {"application": application.pk}


def test_the_api_answer_to_the_acceptance_names_the_application(make, staff):
    referral = make("received")
    response = client_for(staff).post(
        f"/api/v1/referrals/{referral.pk}/transition/",
        {"to": "accepted", "version": referral.version},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["application"] == Application.objects.get().pk


def test_a_person_already_on_the_list_stops_the_acceptance_as_a_whole(
    make, staff, residence, service_user
):
    other = factories.admission_referral(service_user, residence, status=ReferralStatus.COMPLETED)
    factories.ApplicationFactory(residence=residence, service_user=service_user, referral=other)
    referral = make("received")
    with pytest.raises(IllegalTransition, match="already has an open application"):
        referral.accept(by=staff)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED
    assert Application.objects.count() == 1


def test_a_referral_to_another_unit_makes_no_application(
    service_user, home_service, coordinator, home
):
    dps = factories.dps_for(home)
    clinician = factories.member_of(dps, role="intake")
    factories.make_referral(
        "accepted",
        sender_user=coordinator,
        receiver_user=clinician,
        service_user=service_user,
        sender=home_service,
        receiver=dps,
    )
    assert not Application.objects.exists()


def test_sending_an_admission_needs_what_the_intake_team_asks_for(make, coordinator):
    referral = make(
        "draft", wanted_start=None, paying_municipality=None, situation="", needs_shielded_unit=True
    )
    response = client_for(coordinator).post(
        f"/api/v1/referrals/{referral.pk}/transition/",
        {
            "to": "sent",
            "version": referral.version,
            "confirm_legal_basis": "without_consent",
            "confirm_outside_catchment_note": "test",
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert {"wanted_start", "paying_municipality", "situation"} <= set(body)
    assert "ønskt dato" in body["wanted_start"][0]
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT


def test_the_api_takes_the_admission_details_on_create_and_they_are_optional(
    coordinator, home_service, residence, service_user, home
):
    base = {
        "service_user": service_user.pk,
        "sender": home_service.pk,
        "receiver": residence.organisation.pk,
        "kind": "admission",
        "reason": "Treng bustad.",
    }
    response = client_for(coordinator).post("/api/v1/referrals/", base)
    assert response.status_code == 201, response.json()
    response = client_for(coordinator).post(
        "/api/v1/referrals/",
        {
            **base,
            "service_user": factories.ServiceUserFactory(home_municipality=home).pk,
            "wanted_start": "2026-05-01",
            "needs_shielded_unit": True,
            "paying_municipality": home.pk,
            "situation": "Bur åleine.",
        },
    )
    assert response.status_code == 201, response.json()
    created = Referral.objects.get(pk=response.json()["id"])
    assert (created.wanted_start, created.needs_shielded_unit, created.paying_municipality) == (
        datetime.date(2026, 5, 1),
        True,
        home,
    )


@pytest.fixture
def stale(make, staff):
    """An application whose referral is no longer accepted (changed behind its back)."""
    make("received").accept(by=staff)
    application = Application.objects.get()
    Referral.objects.filter(pk=application.referral_id).update(status=ReferralStatus.WITHDRAWN)
    return application


def test_admitting_from_a_stale_application_is_a_clear_refusal(stale, staff):
    with pytest.raises(Exception, match="no longer accepted"):
        services.admit(stale, by=staff)
    assert not Stay.objects.exists()


def test_admitting_from_a_stale_application_on_the_page_is_a_409_with_the_reason(
    client, stale, staff, residence
):
    client.force_login(staff)
    response = client.post(
        reverse("capacity:admit", args=[stale.pk]),
        {"place": residence.places.get(code="A1").pk, "start": "10.03.2026"},
    )
    assert response.status_code == 409
    assert "ikkje lenger teken imot" in response.content.decode()
    assert not Stay.objects.exists()


def test_admitting_from_a_stale_application_through_the_api_is_a_409(stale, staff):
    response = client_for(staff).post(
        "/api/v1/stays/", {"service_user": stale.service_user_id, "residence": stale.residence_id}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "referral_not_accepted"
    assert not Stay.objects.exists()


def test_the_intake_team_sets_the_priority_with_a_reason_through_the_api(stale, staff, coordinator):
    url = f"/api/v1/applications/{stale.pk}/prioritise/"
    assert client_for(staff).post(url, {"priority": 1}).status_code == 400
    assert client_for(coordinator).post(url, {"priority": 1, "reason": "Eg vil"}).status_code == 403
    response = client_for(staff).post(url, {"priority": 1, "reason": "Bur på gata."})
    assert response.status_code == 200
    assert response.json()["priority"] == 1
    assert stale.events.last().note == "Bur på gata."


def admission_form(person, residence, sender, **extra):
    return {
        "service_user": person.pk,
        "kind": "admission",
        "sender": sender.pk,
        "receiver": residence.organisation.pk,
        "urgency": "ordinary",
        "reason": "Treng heildøgns bustad.",
        "requested": "Plass i bufellesskapet.",
        "confirm_legal_basis": "without_consent",
        "confirm_outside_catchment_note": "Bur i regionen.",
        "send": "1",
        **extra,
    }


def test_the_referral_page_asks_what_the_intake_team_needs_and_names_what_is_missing(
    client, coordinator, service_user, residence, home_service, home
):
    client.force_login(coordinator)
    url = reverse("referrals:referral_create")
    form = client.get(url, {"service_user": service_user.pk, "kind": "admission", "next": "1"})
    html = form.content.decode()
    for name in ("wanted_start", "needs_shielded_unit", "paying_municipality", "situation"):
        assert f'name="{name}"' in html
    response = client.post(url, admission_form(service_user, residence, home_service))
    html = response.content.decode()
    for name in ("wanted_start", "paying_municipality", "situation"):
        assert f'id="id_{name}_error"' in html
    assert not Referral.objects.exists()
    response = client.post(
        url,
        admission_form(
            service_user,
            residence,
            home_service,
            wanted_start="01.05.2026",
            paying_municipality=home.pk,
            situation="Bur åleine, treng tilsyn.",
        ),
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.SENT
    assert referral.wanted_start == datetime.date(2026, 5, 1)


def test_the_referral_form_for_another_kind_does_not_ask_for_admission_details(
    client, coordinator, service_user
):
    client.force_login(coordinator)
    response = client.get(
        reverse("referrals:referral_create"),
        {"service_user": service_user.pk, "kind": "assessment", "next": "1"},
    )
    assert 'name="wanted_start"' not in response.content.decode()


def test_accepting_on_the_referral_page_when_the_person_is_on_the_list_is_a_409_not_a_500(
    client, make, staff, residence, service_user
):
    other = factories.admission_referral(service_user, residence, status=ReferralStatus.COMPLETED)
    factories.ApplicationFactory(residence=residence, service_user=service_user, referral=other)
    referral = make("received")
    client.force_login(staff)
    response = client.post(
        reverse("referrals:referral_transition", args=[referral.pk, "accept"]),
        {"version": referral.version},
    )
    assert response.status_code == 409
    assert "har alt ein open søknad" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED
