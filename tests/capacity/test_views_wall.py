"""The wall screen: the place board for the staff room, initials only."""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from tests.capacity.conftest import place
from tests.capacity.views_helpers import resident, today  # noqa: F401

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def residents(residence, home, elsewhere):
    return [
        resident(residence, "A1", home, first_name="Kari", last_name="Nordmann"),
        resident(
            residence,
            "B2",
            elsewhere,
            start=datetime.date(2026, 3, 1),
            first_name="Åsmund",
            last_name="Ølstad",
        ),
    ]


@pytest.fixture
def screen(residence):
    """The screen's own login: a read-only member of the residence."""
    return factories.member_of(
        residence.organisation, role="residence_lead", read_only=True, username="tavle"
    )


def wall(residence):
    return reverse("capacity:wall", args=[residence.pk])


def test_the_wall_shows_place_unit_initials_and_days_and_nothing_that_names_anyone(
    client, screen, residence, residents
):
    client.force_login(screen)
    response = client.get(wall(residence))
    assert response.status_code == 200
    html = response.content.decode()
    assert "K. N." in html and "Å. Ø." in html
    assert "68 dagar" in html  # 01.01 → 10.03
    assert "9 dagar" in html
    for stay in residents:
        person = stay.service_user
        for text in (
            person.first_name,
            person.last_name,
            person.full_name,
            person.national_id,
            person.birth_date.strftime("%d.%m.%Y"),
        ):
            assert text not in html


def test_it_refreshes_itself_without_inline_script(client, screen, residence, residents):
    client.force_login(screen)
    response = client.get(wall(residence))
    html = response.content.decode()
    assert 'data-refresh="60"' in html
    assert html.count("<script") == 1
    assert '<script src="/static/capacity/wall.js" defer></script>' in html
    assert " on" + "load=" not in html
    assert "'unsafe-inline'" not in response.get("Content-Security-Policy", "")


def test_the_intake_team_may_show_it_too(client, staff, residence, residents):
    client.force_login(staff)
    assert client.get(wall(residence)).status_code == 200


def test_coordinators_and_outsiders_get_404(client, coordinator, outsider, residence, residents):
    for user in (coordinator, outsider):
        client.force_login(user)
        assert client.get(wall(residence)).status_code == 404


def test_it_needs_a_login(client, residence):
    response = client.get(wall(residence))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_free_places_are_shown_as_free(client, screen, residence, residents):
    client.force_login(screen)
    html = client.get(wall(residence)).content.decode()
    assert html.count("wall__place--free") == 4
    assert place(residence, "A2").code in html
