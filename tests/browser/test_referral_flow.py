"""Real Chromium: a referral's round trip between a coordinator and the DPS.

The coordinator writes a referral to the routed DPS and sends it; the DPS
intake finds it in the inbox, tries to reject it without advice (and is
told to give some), then rejects it with advice; the coordinator sees the
decision and the advice. Every page on the way is checked with axe-core and
saved as a screenshot in artifacts/screenshots/.
"""

import pytest
from playwright.sync_api import expect

from bops.formats import format_date
from referrals.choices import Status
from referrals.models import Referral
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADVICE = "Kontakt den kommunale ROP-tenesta først; vis til oss igjen om tre månader."


@pytest.fixture
def dps(home):
    return factories.dps_for(home, name="DPS Indre Sogn")


@pytest.fixture
def intake(dps):
    return factories.member_of(dps, role="intake", username="inntak", first_name="Ingrid")


@pytest.fixture
def person(home, coordinator):
    return factories.ServiceUserFactory(
        home_municipality=home, coordinator=coordinator, first_name="Solveig"
    )


def logout(page):
    page.get_by_role("button", name="Logg ut").click()
    expect(page.locator("h1")).to_have_text("Logg inn")


def test_a_referral_goes_to_the_dps_and_comes_back_rejected_with_advice(
    page, login, coordinator, intake, person, dps, check_accessibility, screenshot
):
    # The coordinator writes the referral; routing picks the DPS.
    login("koordinator")
    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Tilvisingar").click()
    expect(page.locator("h1")).to_have_text("Tilvisingar")
    page.get_by_role("link", name="Ny tilvising").first.click()
    page.get_by_label("Tenestemottakar").select_option(
        label=f"Syntetisk, Solveig ({format_date(person.birth_date)})"
    )
    page.get_by_label("Vurdering eller behandling").check()
    page.get_by_role("button", name="Neste").click()

    expect(page.get_by_label("Send til")).to_have_value(str(dps.pk))
    page.get_by_label("Grunn til tilvisinga").fill("Langvarig psykose og aukande rusbruk.")
    page.get_by_label("Kva det blir bede om").fill("Vurdering og behandling.")
    page.get_by_label("Helsehjelp utan samtykke etter lova").check()
    check_accessibility(page)
    screenshot(page, "referral-new")
    page.get_by_role("button", name="Lagre og send").click()

    referral = Referral.objects.get()
    expect(page.get_by_role("status")).to_contain_text(
        f"Tilvising #{referral.pk} er send til DPS Indre Sogn."
    )
    expect(page.locator(".timeline")).to_contain_text("Utkast → sendt")
    expect(page.locator(".facts")).to_contain_text("DPS Indre Sogn")
    logout(page)

    # The DPS intake finds it in the inbox and rejects it, first without advice.
    login("inntak")
    expect(page.get_by_role("heading", name="Innkomne tilvisingar: DPS Indre Sogn")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "dashboard-intake")
    page.get_by_role("link", name=f"#{referral.pk} Solveig Syntetisk").click()
    expect(page.locator("h1")).to_contain_text(f"Tilvising #{referral.pk}")
    check_accessibility(page)
    screenshot(page, "referral-detail-intake")

    page.get_by_role("link", name="Avslå").click()
    page.get_by_role("button", name="Avslå").click()
    expect(page.locator("#id_reason_error")).to_have_text("Vel grunnen til avslaget.")
    expect(page.locator("#id_advice_error")).to_have_text(
        "Gi avsendaren råd om kva som kan gjerast i staden."
    )
    expect(page.get_by_label("Råd til avsendaren")).to_have_attribute("aria-invalid", "true")
    check_accessibility(page)
    screenshot(page, "referral-reject-errors")
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED

    page.get_by_label("Ikkje for spesialisthelsetenesta").check()
    page.get_by_label("Råd til avsendaren").fill(ADVICE)
    page.get_by_role("button", name="Avslå").click()
    expect(page.get_by_role("status")).to_contain_text(f"Tilvising #{referral.pk} er avslått.")
    logout(page)

    # The coordinator sees the decision and the advice.
    login("koordinator")
    panel = page.get_by_role("region", name="Utgåande tilvisingar")
    expect(panel.get_by_role("link", name=f"#{referral.pk} Solveig Syntetisk")).to_be_visible()
    expect(panel).to_contain_text("avslått")
    check_accessibility(page)
    screenshot(page, "dashboard-coordinator-referrals")
    panel.get_by_role("link", name=f"#{referral.pk} Solveig Syntetisk").click()
    expect(page.locator("#decision-title")).to_have_text("Avgjerd")
    expect(page.locator("#advice")).to_contain_text(ADVICE)
    expect(page.get_by_text("ikkje for spesialisthelsetenesta")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "referral-detail-rejected")

    page.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Tilvisingar").click()
    expect(page.get_by_role("cell", name="avslått")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "referral-list")
    page.set_viewport_size({"width": 820, "height": 1180})
    screenshot(page, "referral-list-tablet")
