"""/api/v1/applications/: create, list, and the decisions (offer, decline, accept, withdraw)."""

import datetime

import pytest
from django.utils import timezone

from capacity.models import Application
from tests import factories
from tests.capacity.conftest import place
from tests.capacity.test_api_residences import client_for

# An offer's last day, well inside the deadlines' window (bops/dates.py).
LATER = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()

D = datetime.date


@pytest.fixture
def applicant(home, residence):
    person = factories.ServiceUserFactory(home_municipality=home)
    return person, factories.admission_referral(person, residence)


@pytest.fixture
def application(residence, applicant):
    person, referral = applicant
    return factories.ApplicationFactory(residence=residence, service_user=person, referral=referral)


def payload(residence, person, referral, **extra):
    return {
        "residence": residence.pk,
        "service_user": person.pk,
        "referral": referral.pk,
        "priority": Application.Priority.HIGH,
        **extra,
    }


def test_the_intake_team_creates_an_application_on_an_accepted_referral(
    staff, residence, applicant, home
):
    person, referral = applicant
    response = client_for(staff).post("/api/v1/applications/", payload(residence, person, referral))
    assert response.status_code == 201, response.json()
    created = Application.objects.get()
    assert (created.status, created.applying_municipality) == ("waiting", home)
    assert [e.action for e in created.events.all()] == ["apply"]


def test_queue_fields_sent_by_a_client_are_ignored(staff, residence, applicant):
    person, referral = applicant
    response = client_for(staff).post(
        "/api/v1/applications/",
        payload(
            residence,
            person,
            referral,
            applied_on="2020-01-01",
            priority=Application.Priority.URGENT,
            status="accepted",
        ),
    )
    assert response.status_code == 201, response.json()
    created = Application.objects.get()
    assert created.applied_on != D(2020, 1, 1)
    assert (created.priority, created.status) == (Application.Priority.NORMAL, "waiting")


def test_a_coordinator_cannot_create_an_application_directly(coordinator, residence, applicant):
    person, referral = applicant
    response = client_for(coordinator).post(
        "/api/v1/applications/", payload(residence, person, referral)
    )
    assert response.status_code == 403
    assert "tilvising" in response.json()["detail"]
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("draft", ""),  # a draft is not shown to the residence at all
        ("received", "ikkje teke avgjerd"),
        ("rejected", "avslått"),
        ("withdrawn", "trekt tilbake"),
    ],
)
def test_an_application_on_a_referral_the_residence_has_not_accepted_is_refused(
    staff, residence, home, status, message
):
    person = factories.ServiceUserFactory(home_municipality=home)
    referral = factories.admission_referral(person, residence, status=status)
    response = client_for(staff).post("/api/v1/applications/", payload(residence, person, referral))
    assert response.status_code == 400
    assert message in response.json()["referral"][0]
    assert not Application.objects.exists()


def test_the_admin_refuses_an_application_on_a_draft_referral_with_the_reason(
    client, admin_user, residence, home
):
    person = factories.ServiceUserFactory(home_municipality=home)
    referral = factories.admission_referral(person, residence, status="draft")
    client.force_login(admin_user)
    response = client.post(
        "/admin/capacity/application/add/",
        {
            "residence": residence.pk,
            "service_user": person.pk,
            "applying_municipality": home.pk,
            "referral": referral.pk,
            "note": "",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "utkast" in response.content.decode()
    assert not Application.objects.exists()


def admin_add(client, residence, person, referral, **extra):
    return client.post(
        "/admin/capacity/application/add/",
        {
            "residence": residence.pk,
            "service_user": person.pk,
            "applying_municipality": person.home_municipality_id,
            "referral": referral.pk,
            "note": "",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            **extra,
        },
    )


@pytest.mark.parametrize(
    ("status", "message"),
    [("received", "ikkje teke avgjerd"), ("rejected", "avslått"), ("withdrawn", "trekt tilbake")],
)
def test_the_admin_refuses_an_application_on_an_undecided_rejected_or_withdrawn_referral(
    client, admin_user, residence, home, status, message
):
    person = factories.ServiceUserFactory(home_municipality=home)
    referral = factories.admission_referral(person, residence, status=status)
    client.force_login(admin_user)
    response = admin_add(client, residence, person, referral)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_queue_fields_posted_to_the_admin_are_ignored(client, admin_user, residence, applicant):
    person, referral = applicant
    client.force_login(admin_user)
    response = admin_add(
        client,
        residence,
        person,
        referral,
        applied_on="01.01.2020",
        priority=Application.Priority.URGENT,
        status="admitted",
    )
    assert response.status_code == 302
    created = Application.objects.get()
    assert created.applied_on == timezone.localdate(referral.sent_at)
    assert (created.priority, created.status) == (Application.Priority.NORMAL, "waiting")


def test_a_second_open_application_is_a_400_with_a_clear_message(
    staff, residence, application, applicant
):
    person, referral = applicant
    response = client_for(staff).post("/api/v1/applications/", payload(residence, person, referral))
    assert response.status_code == 400
    assert "har alt ein open søknad" in response.json()["service_user"][0]


def test_the_referral_must_be_about_the_same_person(staff, residence, applicant, home):
    _, referral = applicant
    other = factories.ServiceUserFactory(home_municipality=home)
    factories.admission_referral(other, residence)
    response = client_for(staff).post("/api/v1/applications/", payload(residence, other, referral))
    assert response.status_code == 400
    assert "gjeld ein annan person" in response.json()["referral"][0]


def test_the_read_only_coordinator_cannot_apply(reader, residence, applicant):
    person, referral = applicant
    response = client_for(reader).post(
        "/api/v1/applications/", payload(residence, person, referral)
    )
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_an_outsider_cannot_apply_for_someone_elses_service_user(outsider, residence, applicant):
    person, referral = applicant
    response = client_for(outsider).post(
        "/api/v1/applications/", payload(residence, person, referral)
    )
    assert response.status_code == 400
    assert "service_user" in response.json()


def test_the_list_shows_the_waiting_list_position_to_the_coordinator(coordinator, application):
    response = client_for(coordinator).get("/api/v1/applications/?open=true")
    [row] = response.json()["results"]
    assert (row["id"], row["position"]) == (application.pk, 1)


def test_the_list_is_empty_for_outsiders_and_council_readers(outsider, council_reader, application):
    for user in (outsider, council_reader):
        assert client_for(user).get("/api/v1/applications/").json()["results"] == []


def test_the_list_filters_by_status(staff, application, residence):
    factories.ApplicationFactory(residence=residence)
    other = factories.ApplicationFactory(residence=residence)
    client_for(staff).post(
        f"/api/v1/applications/{other.pk}/withdraw/", {"reason": "no_longer_needed"}
    )
    rows = client_for(staff).get("/api/v1/applications/?status=withdrawn").json()["results"]
    assert [r["id"] for r in rows] == [other.pk]


def test_residence_staff_offer_a_place(staff, application, residence):
    a2 = place(residence, "A2")
    response = client_for(staff).post(
        f"/api/v1/applications/{application.pk}/offer/",
        {"place": a2.pk, "valid_until": LATER},
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["offered_place_code"]) == ("offered", "A2")


def test_offering_a_taken_place_is_a_409_with_the_day(staff, application, residence):
    factories.StayFactory(place=place(residence, "B2"), start=D(2026, 3, 12))
    response = client_for(staff).post(
        f"/api/v1/applications/{application.pk}/offer/",
        {"place": place(residence, "B2").pk, "valid_until": LATER},
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "plass B2 er oppteken frå 12.03.2026"


def test_a_coordinator_cannot_offer_places(coordinator, application, residence):
    response = client_for(coordinator).post(
        f"/api/v1/applications/{application.pk}/offer/",
        {"place": place(residence, "A2").pk, "valid_until": LATER},
    )
    assert response.status_code in (400, 403)
    application.refresh_from_db()
    assert application.status == "waiting"


def test_read_only_staff_get_403_on_decisions(staff_reader, application):
    response = client_for(staff_reader).post(f"/api/v1/applications/{application.pk}/decline/", {})
    assert response.status_code == 403


def test_an_outsider_gets_404_on_decisions(outsider, application):
    response = client_for(outsider).post(f"/api/v1/applications/{application.pk}/withdraw/", {})
    assert response.status_code == 404


def test_the_coordinator_withdraws_and_a_second_withdrawal_is_a_409(coordinator, application):
    client = client_for(coordinator)
    first = client.post(
        f"/api/v1/applications/{application.pk}/withdraw/", {"reason": "moved", "note": "Flytta"}
    )
    assert first.status_code == 200
    assert first.json()["status"] == "withdrawn"
    second = client.post(f"/api/v1/applications/{application.pk}/withdraw/", {"reason": "moved"})
    assert second.status_code == 409
    assert "kan ikkje få status «trekt tilbake»" in second.json()["detail"]


def test_staff_decline_and_the_coordinator_accepts(staff, coordinator, residence, application):
    client_for(staff).post(
        f"/api/v1/applications/{application.pk}/offer/",
        {"place": place(residence, "A1").pk, "valid_until": LATER},
    )
    response = client_for(coordinator).post(f"/api/v1/applications/{application.pk}/accept/", {})
    assert response.json()["status"] == "accepted"
    response = client_for(staff).post(
        f"/api/v1/applications/{application.pk}/decline/",
        {"reason": "not_eligible", "note": "Ikkje plass"},
    )
    assert response.json()["status"] == "declined"


def test_every_answer_naming_the_applicant_writes_the_access_log(
    staff, coordinator, outsider, application, residence
):
    from bops.audit import AccessLog

    person = application.service_user
    client_for(outsider).get(f"/api/v1/applications/{application.pk}/")
    assert not AccessLog.objects.exists()
    client_for(coordinator).get("/api/v1/applications/")
    client_for(coordinator).get(f"/api/v1/applications/{application.pk}/")
    offer = f"/api/v1/applications/{application.pk}/offer/"
    assert client_for(staff).post(offer, {"place": "A1"}).status_code == 400
    response = client_for(staff).post(
        offer, {"place": place(residence, "A1").pk, "valid_until": LATER}
    )
    assert response.status_code == 200
    logged = AccessLog.objects.filter(service_user=person).order_by("pk")
    assert [(row.user, row.action) for row in logged] == [
        (coordinator, AccessLog.Action.LIST),
        (coordinator, AccessLog.Action.API_READ),
        (staff, AccessLog.Action.API_READ),
    ]


def offer_a1(staff, residence, application):
    response = client_for(staff).post(
        f"/api/v1/applications/{application.pk}/offer/",
        {"place": place(residence, "A1").pk, "valid_until": LATER},
    )
    assert response.status_code == 200, response.json()


def test_residence_staff_may_not_accept_an_offer_on_the_persons_behalf(
    staff, residence, application
):
    offer_a1(staff, residence, application)
    response = client_for(staff).post(f"/api/v1/applications/{application.pk}/accept-offer/", {})
    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    application.refresh_from_db()
    assert application.status == "offered"


def test_a_read_only_coordinator_may_not_answer_an_offer(staff, reader, residence, application):
    offer_a1(staff, residence, application)
    response = client_for(reader).post(f"/api/v1/applications/{application.pk}/accept-offer/", {})
    assert response.status_code == 403


def test_the_coordinator_declines_an_offer_and_the_place_is_free_again(
    staff, coordinator, residence, application
):
    offer_a1(staff, residence, application)
    response = client_for(coordinator).post(
        f"/api/v1/applications/{application.pk}/decline-offer/",
        {"reason": "person_declined", "note": "Vil bu heime"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    assert Application.objects.filter(offered_place__code="A1", status="offered").count() == 0


def test_accepting_an_offer_that_was_never_made_is_a_409(coordinator, application):
    response = client_for(coordinator).post(
        f"/api/v1/applications/{application.pk}/accept-offer/", {}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert "«tilbod teke imot»" in response.json()["detail"]


def test_the_list_filters_by_person_status_and_residence_and_shows_the_expected_wait(
    staff, residence, home, elsewhere
):
    for waited in (10, 30, 50):
        done = factories.ApplicationFactory(
            residence=residence,
            service_user=factories.ServiceUserFactory(home_municipality=elsewhere),
            applied_on=D(2025, 1, 1),
        )
        Application.objects.filter(pk=done.pk).update(
            status="admitted",
            admitted_on=D(2025, 1, 1) + datetime.timedelta(days=waited),
            waiting_days=waited,
        )
    mine = factories.ApplicationFactory(
        residence=residence, service_user=factories.ServiceUserFactory(home_municipality=home)
    )
    other = factories.residence_with_places(ordinary=1, name="Anna bufellesskap")
    client = client_for(staff)
    rows = client.get(
        "/api/v1/applications/",
        {"service_user": mine.service_user_id, "status": "waiting", "residence": residence.pk},
    ).json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    [row] = rows
    assert (row["position"], row["applied_on"], row["priority"]) == (1, "2026-01-05", 3)
    assert (row["expected_wait_days"], row["expected_wait_basis"]) == (30, 3)
    assert client.get("/api/v1/applications/", {"residence": other.pk}).json()["results"] == []
