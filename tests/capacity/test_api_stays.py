"""/api/v1/stays/: admissions (201 / 409) and discharges."""

import datetime

import pytest

from capacity.models import Application, Stay
from tests import factories
from tests.capacity.conftest import place
from tests.capacity.test_api_residences import client_for

D = datetime.date


@pytest.fixture
def application(residence, home):
    person = factories.ServiceUserFactory(home_municipality=home)
    return factories.ApplicationFactory(residence=residence, service_user=person)


def test_staff_admit_a_waiting_applicant_to_the_first_free_place(staff, application, home):
    response = client_for(staff).post(
        "/api/v1/stays/", {"service_user": application.service_user_id, "start": "2026-03-12"}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["place_code"], body["start"], body["paying_municipality"]) == (
        "A1",
        "2026-03-12",
        home.pk,
    )
    application.refresh_from_db()
    assert application.status == Application.Status.ADMITTED


def test_a_full_residence_is_a_409_with_a_clear_message(staff, application, residence):
    for code in ["A1", "A2", "A3", "A4", "B1", "B2"]:
        factories.StayFactory(place=place(residence, code))
    response = client_for(staff).post(
        "/api/v1/stays/", {"service_user": application.service_user_id}
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "bufellesskapet er fullt", "code": "full"}
    assert Stay.objects.count() == 6


def test_a_taken_place_is_a_409_naming_the_place_and_day(staff, application, residence):
    factories.StayFactory(place=place(residence, "B2"), start=D(2026, 3, 12))
    response = client_for(staff).post(
        "/api/v1/stays/",
        {
            "service_user": application.service_user_id,
            "place": place(residence, "B2").pk,
            "start": "2026-04-01",
        },
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "plass B2 er oppteken frå 12.03.2026"


def test_an_unknown_person_is_a_400(staff, residence):
    stranger = factories.ServiceUserFactory()
    response = client_for(staff).post(
        "/api/v1/stays/", {"service_user": stranger.pk, "residence": residence.pk}
    )
    assert response.status_code == 400
    assert "service_user" in response.json()


def test_coordinators_and_read_only_staff_cannot_admit(coordinator, staff_reader, application):
    for user in (coordinator, staff_reader):
        response = client_for(user).post(
            "/api/v1/stays/", {"service_user": application.service_user_id}
        )
        assert response.status_code in (400, 403)
    assert not Stay.objects.exists()


def test_staff_discharge_a_resident(staff, residence):
    stay = factories.StayFactory(place=place(residence, "A1"), start=D(2026, 1, 1))
    response = client_for(staff).post(
        f"/api/v1/stays/{stay.pk}/discharge/", {"end": "2026-03-01", "reason": "planned"}
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["end"], response.json()["bed_days"]) == ("2026-03-01", 59)


def test_a_discharge_before_the_start_is_a_400(staff, residence):
    stay = factories.StayFactory(place=place(residence, "A1"), start=D(2026, 3, 12))
    response = client_for(staff).post(
        f"/api/v1/stays/{stay.pk}/discharge/", {"end": "2026-03-01", "reason": "planned"}
    )
    assert response.status_code == 400
    assert "12.03.2026" in response.json()["end"][0]


def test_a_discharge_with_a_bad_reason_is_a_400(staff, residence):
    stay = factories.StayFactory(place=place(residence, "A1"))
    response = client_for(staff).post(
        f"/api/v1/stays/{stay.pk}/discharge/", {"end": "2026-03-01", "reason": "x"}
    )
    assert response.status_code == 400
    assert "reason" in response.json()


def test_the_coordinator_sees_their_own_municipalitys_stays_only(
    coordinator, residence, home, elsewhere
):
    own = factories.StayFactory(
        place=place(residence, "A1"),
        service_user=factories.ServiceUserFactory(home_municipality=home),
    )
    factories.StayFactory(
        place=place(residence, "A2"),
        service_user=factories.ServiceUserFactory(home_municipality=elsewhere),
    )
    rows = client_for(coordinator).get("/api/v1/stays/").json()["results"]
    assert [r["id"] for r in rows] == [own.pk]


def test_a_coordinator_may_read_but_not_discharge_a_stay(coordinator, residence, home):
    stay = factories.StayFactory(
        place=place(residence, "A1"),
        service_user=factories.ServiceUserFactory(home_municipality=home),
    )
    client = client_for(coordinator)
    assert client.get(f"/api/v1/stays/{stay.pk}/").status_code == 200
    response = client.post(
        f"/api/v1/stays/{stay.pk}/discharge/", {"end": "2026-03-01", "reason": "planned"}
    )
    assert response.status_code == 403


def test_outsiders_and_council_readers_see_no_stays(outsider, council_reader, residence):
    stay = factories.StayFactory(place=place(residence, "A1"))
    for user in (outsider, council_reader):
        client = client_for(user)
        assert client.get("/api/v1/stays/").json()["results"] == []
        assert client.get(f"/api/v1/stays/{stay.pk}/").status_code == 404


def test_staff_see_all_stays_and_filter_the_ongoing(staff, residence):
    factories.StayFactory(place=place(residence, "A1"))
    factories.StayFactory(
        place=place(residence, "A2"), start=D(2026, 1, 1), end=D(2026, 2, 1), end_reason="death"
    )
    client = client_for(staff)
    assert len(client.get("/api/v1/stays/").json()["results"]) == 2
    assert len(client.get("/api/v1/stays/?ongoing=true").json()["results"]) == 1


def test_an_admission_and_the_stay_list_write_the_access_log(staff, application):
    from bops.audit import AccessLog

    client = client_for(staff)
    assert (
        client.post(
            "/api/v1/stays/", {"service_user": application.service_user_id, "start": "2026-03-12"}
        ).status_code
        == 201
    )
    client.get("/api/v1/stays/")
    logged = AccessLog.objects.filter(service_user=application.service_user, user=staff)
    assert [row.action for row in logged.order_by("pk")] == [
        AccessLog.Action.API_READ,
        AccessLog.Action.LIST,
    ]
