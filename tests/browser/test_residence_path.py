"""Real Chromium: the whole path from referral to a place, as both sides see it.

The coordinator sends an admission referral to the residence; the intake
team receives and accepts it, and the person is on the waiting list with a
position; the team offers a place; the coordinator accepts it on the
person's behalf; the team admits. The coordinator's dashboard shows each step.
"""

import datetime

import pytest
from playwright.sync_api import expect

from capacity.models import Application, Stay
from referrals.models import Referral
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
def person(home, coordinator):
    return factories.ServiceUserFactory(
        home_municipality=home, coordinator=coordinator, first_name="Signe", last_name="Søkjar"
    )


def logout(page):
    page.get_by_role("button", name="Logg ut").click()
    expect(page.locator("h1")).to_have_text("Logg inn")


def applications_panel(page):
    return page.get_by_role("region", name="Søknader til bufellesskapet")


def test_from_referral_to_a_place_in_the_browser(
    page, login, coordinator, lead, person, residence, home, check_accessibility, screenshot
):
    # The coordinator sends the admission referral: it is the application.
    login("koordinator")
    page.goto(f"/referrals/new/?service_user={person.pk}")
    page.get_by_label("Plass i bufellesskapet").check()
    page.get_by_role("button", name="Neste").click()
    page.get_by_label("Send til").select_option(label="Bufellesskapet")
    page.get_by_label("Grunn til tilvisinga").fill("Treng heildøgns bustad med oppfølging.")
    page.get_by_role("button", name="Lagre og send").click()
    # What the intake team needs is named where it is missing.
    expect(page.locator("#id_wanted_start_error")).to_be_visible()
    expect(page.locator("#id_situation_error")).to_be_visible()
    page.get_by_label("Ønskt innflytting").fill(
        (datetime.date.today() + datetime.timedelta(days=30)).strftime("%d.%m.%Y")
    )
    page.get_by_label("Betalande kommune").select_option(str(home.pk))
    page.get_by_label("Situasjonen no").fill("Bur åleine, treng tilsyn heile døgnet.")
    page.get_by_label("Helsehjelp utan samtykke etter lova").check()
    outside = page.locator("#id_confirm_outside_catchment_note")
    if outside.count():
        outside.fill("Bufellesskapet er felles for regionen.")
    check_accessibility(page)
    screenshot(page, "residence-path-referral")
    page.get_by_role("button", name="Lagre og send").click()
    referral = Referral.objects.get()
    expect(page.get_by_role("status")).to_contain_text(f"Tilvising #{referral.pk}")
    # The first step on the dashboard: the referral is out, waiting for the team.
    page.goto("/")
    expect(page.get_by_role("region", name="Utgåande tilvisingar")).to_contain_text("Sendt: 1")
    logout(page)

    # The intake team receives and accepts it: the person is on the waiting list.
    login("leiar")
    page.goto(f"/referrals/{referral.pk}/")
    page.get_by_role("button", name="Stadfest mottak").click()
    page.get_by_role("link", name="Godta").click()
    page.get_by_role("button", name="Godta").click()
    expect(page.get_by_role("status")).to_contain_text(f"Tilvising #{referral.pk}")
    application = Application.objects.get()
    assert application.applied_on == datetime.date.today()
    page.goto(f"/residence/{residence.pk}/waiting-list/")
    row = page.locator("tbody tr", has_text="Signe Søkjar")
    expect(row.locator("td").first).to_have_text("1")
    screenshot(page, "residence-path-waiting-list")
    logout(page)

    login("koordinator")
    expect(applications_panel(page)).to_contain_text("Signe Søkjar")
    expect(applications_panel(page)).to_contain_text("nr. 1 i køen")
    check_accessibility(page)
    screenshot(page, "residence-path-dashboard-waiting")
    logout(page)

    # The intake team offers a place.
    login("leiar")
    page.goto(f"/residence/applications/{application.pk}/")
    page.get_by_label("Tilboden plass").select_option(str(residence.places.get(code="A1").pk))
    page.get_by_role("button", name="Tilby plassen").click()
    expect(page.get_by_role("status")).to_contain_text("Plass A1")
    # The team cannot answer for the person.
    expect(page.get_by_role("button", name="Takk ja til tilbodet")).to_have_count(0)
    logout(page)

    # The coordinator answers on the person's behalf.
    login("koordinator")
    expect(applications_panel(page)).to_contain_text("Plass A1 tilboden fram til")
    screenshot(page, "residence-path-dashboard-offer")
    applications_panel(page).get_by_role("link", name="Svar på tilbodet").click()
    check_accessibility(page)
    page.get_by_role("button", name="Takk ja til tilbodet").click()
    expect(page.get_by_role("status")).to_contain_text("teke imot på vegner av personen")
    page.goto("/")
    expect(applications_panel(page)).to_contain_text("tilbod teke imot")
    logout(page)

    # The intake team admits; the coordinator sees the move.
    login("leiar")
    page.goto(f"/residence/applications/{application.pk}/admit/")
    page.get_by_role("button", name="Skriv inn").click()
    expect(page.get_by_role("status")).to_contain_text("Signe Søkjar er skriven inn på plass A1")
    assert Stay.objects.get(service_user=person).place.code == "A1"
    logout(page)

    login("koordinator")
    expect(applications_panel(page)).to_contain_text("flytta inn på plass A1")
    check_accessibility(page)
    screenshot(page, "residence-path-dashboard-admitted")


def test_the_wall_screen_and_the_intake_meeting_are_accessible(
    page, login, lead, residence, home, check_accessibility, screenshot
):
    for code, (first, last) in (("A1", ("Kari", "Nordmann")), ("B1", ("Åsmund", "Ølstad"))):
        factories.StayFactory(
            service_user=factories.ServiceUserFactory(
                home_municipality=home, first_name=first, last_name=last
            ),
            place=residence.places.get(code=code),
            start=datetime.date.today() - datetime.timedelta(days=40),
        )
    login("leiar")
    page.goto(f"/residence/{residence.pk}/wall/")
    expect(page.locator(".wall__places")).to_contain_text("K. N.")
    expect(page.locator("body")).not_to_contain_text("Nordmann")
    check_accessibility(page)
    screenshot(page, "residence-wall")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "residence-wall-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/residence/{residence.pk}/intake-meeting/")
    expect(page.get_by_role("heading", name="Inntaksmøte")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "residence-intake-meeting")
