"""The place board: staff see who lives where; others only totals and their own."""

import pytest
from django.urls import reverse

from bops.audit import AccessLog
from tests import factories
from tests.capacity.views_helpers import resident, today  # noqa: F401

pytestmark = pytest.mark.usefixtures("today")


def board(residence):
    return reverse("capacity:board", args=[residence.pk])


def test_staff_see_each_place_free_or_who_lives_there_and_since(client, residence, staff, home):
    resident(residence, "A2", home, first_name="Solveig", last_name="Syntetisk")
    client.force_login(staff)
    html = client.get(board(residence)).content.decode()
    assert "Solveig Syntetisk" in html
    assert "sidan 01.01.2026" in html
    # Colour is never the only signal: each place says free or taken in words.
    assert html.count('class="badge badge--ok">Ledig<') == 5
    assert html.count('class="badge badge--info">Oppteken<') == 1
    assert "1 / 6" in html


def test_the_residence_lead_may_discharge_from_the_board_but_a_reader_may_not(
    client, residence, staff, staff_reader, home
):
    stay = resident(residence, "A1", home)
    discharge = reverse("capacity:discharge", args=[stay.pk])
    client.force_login(staff)
    assert discharge in client.get(board(residence)).content.decode()
    client.force_login(staff_reader)
    html = client.get(board(residence)).content.decode()
    assert stay.service_user.full_name in html
    assert discharge not in html


def test_a_coordinator_sees_totals_and_only_their_own_municipalitys_residents(
    client, residence, coordinator, home, elsewhere
):
    mine = resident(residence, "A1", home, first_name="Eigen", last_name="Bebuar")
    other = resident(residence, "A2", elsewhere, first_name="Framand", last_name="Bebuar")
    client.force_login(coordinator)
    html = client.get(reverse("capacity:home")).content.decode()
    assert "2 / 6" in html
    assert mine.service_user.full_name in html
    assert other.service_user.full_name not in html
    assert 'class="place-board"' not in html


def test_an_outsider_and_a_council_reader_see_no_names(
    client, residence, outsider, council_reader, home
):
    stay = resident(residence, "A1", home)
    for user in (outsider, council_reader):
        client.force_login(user)
        html = client.get(board(residence)).content.decode()
        assert stay.service_user.full_name not in html
        assert "1 / 6" in html


def test_an_unknown_residence_is_not_found(client, residence, staff):
    client.force_login(staff)
    assert client.get(reverse("capacity:board", args=[residence.pk + 99])).status_code == 404


def test_every_person_on_the_board_is_written_to_the_access_log(client, residence, staff, home):
    stays = [resident(residence, code, home) for code in ("A1", "A2")]
    client.force_login(staff)
    client.get(board(residence))
    logged = AccessLog.objects.filter(user=staff, action=AccessLog.Action.LIST)
    assert {row.service_user_id for row in logged} == {s.service_user_id for s in stays}


@pytest.mark.parametrize("count", [1, 6])
def test_the_board_query_count_does_not_grow_with_residents(
    client, residence, staff, home, count, django_assert_max_num_queries
):
    for code in ["A1", "A2", "A3", "A4", "B1", "B2"][:count]:
        resident(residence, code, home)
    factories.ApplicationFactory(residence=residence)
    client.force_login(staff)
    with django_assert_max_num_queries(9):
        assert client.get(board(residence)).status_code == 200
