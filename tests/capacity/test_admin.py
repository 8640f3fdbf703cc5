"""The admin: the place board and scoping for staff who are not superusers."""

import datetime

import pytest
from django.contrib.auth.models import Permission

from tests import factories
from tests.capacity.conftest import place

D = datetime.date


@pytest.fixture
def board(residence):
    person = factories.ServiceUserFactory(first_name="Kari", last_name="Nordmann")
    factories.StayFactory(service_user=person, place=place(residence, "A2"), start=D(2026, 3, 12))
    return residence


def test_the_place_board_shows_each_places_resident_and_since_when(client, admin_user, board):
    client.force_login(admin_user)
    response = client.get("/admin/capacity/place/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kari Nordmann" in html
    assert "12.03.2026" in html
    response = client.get("/admin/capacity/place/?occupied=no")
    assert "Kari Nordmann" not in response.content.decode()


def test_applications_are_filtered_by_status(client, admin_user, residence):
    waiting = factories.ApplicationFactory(residence=residence)
    client.force_login(admin_user)
    response = client.get("/admin/capacity/application/?status__exact=withdrawn")
    assert response.status_code == 200
    assert str(waiting.service_user) not in response.content.decode()
    response = client.get("/admin/capacity/application/?status__exact=waiting")
    assert str(waiting.service_user) in response.content.decode()


def test_staff_who_are_not_superusers_see_only_their_own_residence(client, board, elsewhere):
    other = factories.residence_with_places(ordinary=1, name="Anna bufellesskap")
    factories.StayFactory(
        service_user=factories.ServiceUserFactory(first_name="Ola", last_name="Annan"),
        place=other.places.get(),
    )
    user = factories.member_of(board.organisation, role="residence_lead", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="capacity"))
    client.force_login(user)
    html = client.get("/admin/capacity/stay/").content.decode()
    assert "Kari Nordmann" in html and "Ola Annan" not in html
    html = client.get("/admin/capacity/place/").content.decode()
    assert "Kari Nordmann" in html and "Ola Annan" not in html


def test_stays_are_read_only_in_the_admin(client, admin_user, board):
    client.force_login(admin_user)
    assert client.get("/admin/capacity/stay/add/").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "residence/",
        "unit/",
        "place/",
        "application/",
        "stay/",
        "costkey/",
        "residence/add/",
        "application/add/",
        "costkey/add/",
    ],
)
def test_every_admin_page_opens(client, admin_user, board, path):
    factories.ApplicationFactory(residence=board)
    factories.CostKeyFactory(residence=board)
    client.force_login(admin_user)
    assert client.get(f"/admin/capacity/{path}").status_code == 200


def test_a_stay_opens_read_only(client, admin_user, board):
    client.force_login(admin_user)
    stay = board.places.get(code="A2").stays.get()
    response = client.get(f"/admin/capacity/stay/{stay.pk}/change/")
    assert response.status_code == 200
    assert "Kari Nordmann" in response.content.decode()


def test_residence_staff_opening_a_stay_in_the_admin_is_in_the_persons_access_log(client, board):
    from bops.audit import AccessLog

    user = factories.member_of(board.organisation, role="residence_lead", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="capacity"))
    stay = board.places.get(code="A2").stays.get()
    client.force_login(user)
    assert client.get(f"/admin/capacity/stay/{stay.pk}/change/").status_code == 200
    assert AccessLog.objects.filter(
        user=user, service_user=stay.service_user, action=AccessLog.Action.ADMIN_VIEW
    ).exists()


def test_staff_of_another_residence_get_404_for_a_stay(client, board):
    other = factories.residence_with_places(ordinary=1, name="Anna bufellesskap")
    user = factories.member_of(other.organisation, role="residence_lead", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="capacity"))
    stay = board.places.get(code="A2").stays.get()
    client.force_login(user)
    response = client.get(f"/admin/capacity/stay/{stay.pk}/change/")
    assert response.status_code == 404
    assert "Kari Nordmann" not in response.content.decode()
