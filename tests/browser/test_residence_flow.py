"""Real Chromium: the residence lead's day, and what others may not see.

Every page is checked with axe-core (no serious or critical violations) and
saved as a screenshot in artifacts/screenshots/.
"""

import datetime

import pytest
from playwright.sync_api import expect

from capacity.models import Application, Stay
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def residence(home):
    organisation = factories.ResidenceOrganisationFactory(name="Bufellesskapet", municipality=home)
    return factories.residence_with_places(
        ordinary=4, shielded=2, name="Lærdal bufellesskap", organisation=organisation
    )


@pytest.fixture
def lead(residence):
    return factories.member_of(
        residence.organisation, role="residence_lead", username="leiar", first_name="Liv"
    )


@pytest.fixture
def council_reader(db):
    council = factories.OrganisationFactory(name="Sogn regionråd", kind="council")
    return factories.member_of(council, role="council_reader", username="regionrad")


@pytest.fixture
def lived_in(residence, home):
    """Three residents since the start of the year, and two on the waiting list."""
    today = datetime.date.today()
    for code, name in (("A1", "Astrid"), ("A2", "Bjørn"), ("B1", "Cecilie")):
        person = factories.ServiceUserFactory(
            home_municipality=home, first_name=name, last_name="Bebuar"
        )
        factories.StayFactory(
            service_user=person,
            place=residence.places.get(code=code),
            start=today - datetime.timedelta(days=120),
        )
    first = factories.ApplicationFactory(
        residence=residence,
        service_user=factories.ServiceUserFactory(
            home_municipality=home, first_name="Dagny", last_name="Ventar"
        ),
        applied_on=today - datetime.timedelta(days=40),
        priority=Application.Priority.HIGH,
    )
    factories.ApplicationFactory(
        residence=residence,
        service_user=factories.ServiceUserFactory(
            home_municipality=home, first_name="Eirik", last_name="Ventar"
        ),
        applied_on=today - datetime.timedelta(days=20),
    )
    return first


def test_the_residence_lead_admits_the_first_on_the_waiting_list(
    page, login, lead, lived_in, check_accessibility, screenshot
):
    login("leiar")
    expect(page.get_by_role("heading", name="Bufellesskapet: Lærdal bufellesskap")).to_be_visible()
    expect(page.get_by_text("3 / 6").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "dashboard-residence-lead")

    page.get_by_role("navigation", name="Hovudmeny").get_by_role(
        "link", name="Bufellesskapet"
    ).click()
    expect(page.get_by_role("heading", name="Plassoversikt")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "residence-place-board")

    page.get_by_role("link", name="Venteliste").first.click()
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("Dagny Ventar")
    expect(rows.first.locator("td").first).to_have_text("1")
    check_accessibility(page)
    screenshot(page, "residence-waiting-list")

    rows.first.get_by_role("link", name="Skriv inn").click()
    expect(page.locator("h1")).to_have_text("Skriv inn Dagny Ventar")
    # The first free place is chosen; a bad date is a field error.
    expect(page.get_by_label("Plass")).to_have_value(
        str(lived_in.residence.places.get(code="A3").pk)
    )
    page.get_by_label("Flyttar inn").fill("31.02.2026")
    page.get_by_role("button", name="Skriv inn").click()
    expect(page.locator("#id_start_error")).to_be_visible()
    expect(page.get_by_label("Flyttar inn")).to_have_attribute("aria-invalid", "true")
    check_accessibility(page)
    screenshot(page, "residence-admit-form-error")

    page.get_by_label("Flyttar inn").fill(datetime.date.today().strftime("%d.%m.%Y"))
    page.get_by_role("button", name="Skriv inn").click()
    expect(page.get_by_role("status")).to_contain_text("Dagny Ventar er skriven inn på plass A3")
    board = page.locator(".place-board")
    expect(board.locator("li", has_text="A3")).to_contain_text("Dagny Ventar")
    expect(board.locator("li", has_text="A3")).to_contain_text("Oppteken")
    stay = Stay.objects.get(service_user=lived_in.service_user)
    assert stay.place.code == "A3"
    screenshot(page, "residence-place-board-after-admission")


def test_a_full_residence_is_a_message_next_to_the_form(page, login, lead, lived_in, residence):
    today = datetime.date.today()
    for code in ("A3", "A4", "B2"):
        factories.StayFactory(place=residence.places.get(code=code), start=today)
    login("leiar")
    page.goto(f"/residence/applications/{lived_in.pk}/admit/")
    page.get_by_role("button", name="Skriv inn").click()
    expect(page.get_by_role("alert")).to_contain_text("bufellesskapet er fullt")
    assert not Stay.objects.filter(service_user=lived_in.service_user).exists()


def test_a_coordinator_of_another_municipality_gets_404_on_the_persons_page(
    page, login, lead, outsider, lived_in, screenshot
):
    login("utanforstaande")
    for path in (
        f"/service-users/{lived_in.service_user_id}/",
        f"/residence/applications/{lived_in.pk}/",
    ):
        response = page.goto(path)
        assert response.status == 404
        expect(page.locator("body")).not_to_contain_text("Dagny")
    page.goto("/residence/")
    expect(page.locator("body")).not_to_contain_text("Dagny")
    expect(page.locator("body")).not_to_contain_text("Astrid")


def test_the_occupancy_page_is_accessible_with_a_chart_and_a_table(
    page, login, lead, lived_in, check_accessibility, screenshot
):
    login("leiar")
    page.goto(f"/residence/{lived_in.residence_id}/occupancy/")
    expect(page.locator("svg[role=img]")).to_have_count(1)
    page.get_by_text("Vis tala som tabell").click()
    expect(page.locator("tbody tr")).to_have_count(90)
    check_accessibility(page)
    screenshot(page, "residence-occupancy")
    page.get_by_role("textbox", name="Frå").fill("10.03.2026")
    page.get_by_role("textbox", name="Til").fill("01.03.2026")
    page.get_by_role("button", name="Vis").click()
    expect(page.locator("#id_end_error")).to_be_visible()
    check_accessibility(page)


def test_the_council_reader_dashboard_is_accessible(
    page, login, council_reader, check_accessibility, screenshot
):
    login("regionrad")
    expect(page.get_by_role("link", name="Lag rapporten til regionrådet")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "dashboard-council-reader")
