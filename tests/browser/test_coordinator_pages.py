"""Real Chromium: a coordinator's day on the pages of the UI foundation.

Every page is checked with axe-core (no serious or critical violations) and
saved as a screenshot in artifacts/screenshots/.
"""

import datetime

import pytest
from playwright.sync_api import expect

from municipalities.models import ServiceUser
from tests import factories
from tests.factories import synthetic_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def person(home, coordinator):
    person = factories.ServiceUserFactory(
        home_municipality=home,
        coordinator=coordinator,
        first_name="Solveig",
        last_name="Syntetisk",
        rop=True,
        ip_status=ServiceUser.PlanStatus.IN_PROGRESS,
    )
    for i, (day, housing, network) in enumerate(
        [
            (datetime.date(2024, 9, 2), 4, 4),
            (datetime.date(2025, 1, 15), 3, 3),
            (datetime.date(2025, 6, 10), 2, 3),
        ]
    ):
        factories.AssessmentFactory(
            service_user=person,
            assessed_on=day,
            housing=housing,
            network=network,
            mental_health=4 - i,
        )
    dps = factories.OrganisationFactory(name="DPS Indre Sogn", kind="dps")
    factories.ConsentFactory(service_user=person, organisation=dps)
    factories.PrivatePurchaseFactory(service_user=person, daily_cost=7450)
    return person


def test_the_login_page_is_accessible(page, db, check_accessibility, screenshot):
    page.goto("/accounts/login/")
    expect(page.locator("h1")).to_have_text("Logg inn")
    check_accessibility(page)
    screenshot(page, "login")


def test_a_coordinator_logs_in_and_lands_on_the_dashboard(
    page, login, coordinator, person, check_accessibility, screenshot
):
    login("koordinator")
    assert page.url.endswith("/")
    expect(page.locator("h1")).to_have_text("Oversikt")
    expect(page.get_by_role("heading", name="Koordinator: Lærdal")).to_be_visible()
    expect(page.get_by_role("link", name="Solveig Syntetisk")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "dashboard-coordinator")
    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet held upright
    screenshot(page, "dashboard-coordinator-tablet")


def test_the_service_user_list_and_page_are_accessible(
    page, login, coordinator, person, home, check_accessibility, screenshot
):
    factories.ServiceUserFactory.create_batch(30, home_municipality=home)
    login("koordinator")
    page.get_by_role("navigation", name="Hovudmeny").get_by_role(
        "link", name="Tenestemottakarar"
    ).click()
    expect(page.locator("h1")).to_have_text("Tenestemottakarar")
    expect(page.get_by_role("navigation", name="Sider")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "service-user-list")
    page.set_viewport_size({"width": 820, "height": 1180})
    screenshot(page, "service-user-list-tablet")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Søk", exact=True).fill("Solveig")
    page.get_by_role("button", name="Søk").click()
    page.get_by_role("link", name="Syntetisk, Solveig").click()
    expect(page.locator("h1")).to_have_text("Solveig Syntetisk")
    expect(page.locator("svg[role=img]")).to_have_count(8)
    expect(page.get_by_text("7\xa0450\xa0kr")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "service-user-detail")


def test_a_coordinator_creates_a_service_user_after_fixing_a_wrong_check_digit(
    page, login, coordinator, check_accessibility, screenshot
):
    right = synthetic_id(datetime.date(1979, 11, 3))
    wrong = right[:-1] + str((int(right[-1]) + 1) % 10)
    login("koordinator")
    page.goto("/service-users/")
    page.get_by_role("link", name="Ny tenestemottakar").first.click()
    expect(page.locator("h1")).to_have_text("Ny tenestemottakar")
    check_accessibility(page)
    screenshot(page, "service-user-form")

    page.get_by_label("Fødselsnummer", exact=True).fill(wrong)
    page.get_by_label("Førenamn").fill("Kari")
    page.get_by_label("Etternamn").fill("Syntetisk")
    page.get_by_label("Dato for kriseplan").fill("07.03.2025")
    page.get_by_role("button", name="Lagre").click()

    field = page.get_by_label("Fødselsnummer", exact=True)
    expect(page.locator("#id_national_id_error")).to_contain_text("Kontrollsifra stemmer ikkje")
    expect(field).to_have_value(wrong)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Førenamn")).to_have_value("Kari")
    expect(page.get_by_label("Dato for kriseplan")).to_have_value("07.03.2025")
    assert not ServiceUser.objects.exists()
    check_accessibility(page)
    screenshot(page, "service-user-form-error")

    field.fill(right)
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("h1")).to_have_text("Kari Syntetisk")
    expect(page.get_by_role("status")).to_contain_text("Kari Syntetisk er registrert.")
    expect(page.get_by_text("07.03.2025")).to_be_visible()
    person = ServiceUser.objects.get()
    assert person.national_id == right
    assert person.coordinator == coordinator


def test_a_coordinator_of_another_municipality_gets_404(page, login, outsider, person, screenshot):
    login("utanforstaande")
    response = page.goto(f"/service-users/{person.pk}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Solveig")
    screenshot(page, "not-found")


def test_switching_to_english_changes_the_page(page, login, coordinator, check_accessibility):
    login("koordinator")
    expect(page.locator("h1")).to_have_text("Oversikt")
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Overview")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("link", name="Service users", exact=True).click()
    expect(page.locator("h1")).to_have_text("Service users")
    page.get_by_role("button", name="Bokmål").click()
    expect(page.locator("h1")).to_have_text("Tjenestemottakere")
    check_accessibility(page)


def test_a_user_without_membership_sees_an_explanation(page, login, db, screenshot):
    factories.UserFactory(username="ny")
    login("ny")
    expect(
        page.get_by_role("heading", name="Brukaren din er ikkje knytt til ei teneste enno")
    ).to_be_visible()
    screenshot(page, "dashboard-no-membership")


def test_the_password_change_page_is_accessible(
    page, login, coordinator, check_accessibility, screenshot
):
    login("koordinator")
    page.get_by_role("link", name="Endre passord").click()
    expect(page.locator("h1")).to_have_text("Endre passord")
    page.get_by_role("button", name="Endre passord").click()
    expect(page.locator("#id_old_password_error")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "password-change")
