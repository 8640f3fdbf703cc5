"""Real Chromium: closing the loop after a completed referral.

The DPS completes a started referral with two recommendations; the
coordinator plans one into the person's individual plan and marks the
other not possible, asking for
guidance; the DPS sees both answers on its referral and the new advice
referral in its inbox. Every page on the way is checked with axe-core and
saved as a screenshot in artifacts/screenshots/.
"""

import re

import pytest
from playwright.sync_api import expect

from municipalities.models import Measure
from referrals.choices import Kind
from referrals.models import Referral
from referrals.recommendations import Recommendation
from tests import factories
from tests.plans.factories import PlanFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dps(home):
    return factories.dps_for(home, name="DPS Indre Sogn")


@pytest.fixture
def intake(dps):
    return factories.member_of(dps, role="intake", username="inntak", first_name="Ingrid")


@pytest.fixture
def started(home, home_service, coordinator, intake, dps):
    person = factories.ServiceUserFactory(
        home_municipality=home, coordinator=coordinator, first_name="Solveig"
    )
    factories.ConsentFactory(service_user=person, organisation=dps)
    PlanFactory(service_user=person, coordinator=coordinator)
    return factories.make_referral(
        "started",
        sender_user=coordinator,
        receiver_user=intake,
        service_user=person,
        sender=home_service,
        receiver=dps,
    )


def logout(page):
    page.get_by_role("button", name="Logg ut").click()
    expect(page.locator("h1")).to_have_text("Logg inn")


def test_recommendations_are_answered_and_the_dps_sees_the_answers_and_the_advice_referral(
    page, login, started, check_accessibility, screenshot
):
    # 1. The DPS completes the referral with two recommendations.
    login("inntak")
    page.goto(f"/referrals/{started.pk}/")
    page.get_by_role("link", name="Avslutt og send tilbake med tilrådingar").click()
    page.get_by_label("avslutta som planlagt").check()
    page.get_by_label(re.compile("^Tilråding 1")).fill("Fast kontaktperson i kommunen.")
    page.get_by_label(re.compile("^Tilråding 2")).fill("Oppfølging av rusbruken i ROP-team.")
    page.get_by_label("Føreslått ansvarleg for tilråding 2").select_option("other")
    check_accessibility(page)
    screenshot(page, "referral-complete-with-recommendations")
    page.get_by_role("button", name="Avslutt og send tilbake med tilrådingar").click()
    expect(page.locator("#items-title")).to_have_text("Tilrådingar som skal følgjast opp")
    first, second = Recommendation.objects.filter(referral=started).order_by("position")
    logout(page)

    # 2. The coordinator plans the first one into the individual plan ...
    login("koordinator")
    page.goto(f"/referrals/{started.pk}/")
    check_accessibility(page)
    page.locator(f"#recommendation-{first.pk}").get_by_role("link", name="Svar").click()
    page.get_by_label("planlagt").check()
    page.get_by_label("Kommentar").fill("Teke inn i planen.")
    page.get_by_label(re.compile("tiltak i den individuelle planen")).check()
    check_accessibility(page)
    screenshot(page, "recommendation-answer")
    page.get_by_role("button", name="Lagre svaret").click()
    expect(page.get_by_role("status")).to_contain_text("tiltak i planen")
    measure = Measure.objects.get()
    assert measure.description == "Fast kontaktperson i kommunen."

    # 3. ... and marks the second not possible, first without a reason.
    page.locator(f"#recommendation-{second.pk}").get_by_role("link", name="Svar").click()
    page.get_by_label("ikkje mogleg").check()
    page.get_by_label(re.compile("Be eininga som skreiv ho om rettleiing")).check()
    page.get_by_role("button", name="Lagre svaret").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Skriv kvifor tilrådinga ikkje er mogleg."
    )
    page.get_by_label("Kommentar").fill("Kommunen manglar kompetanse på dette.")
    page.get_by_role("button", name="Lagre svaret").click()
    advice = Referral.objects.get(kind=Kind.ADVICE)
    expect(page.get_by_role("status")).to_contain_text(
        f"tilvising #{advice.pk} ber DPS Indre Sogn om rettleiing"
    )
    screenshot(page, "recommendations-answered-coordinator")
    logout(page)

    # 4. The DPS sees both answers and the new advice referral.
    login("inntak")
    expect(page.locator("body")).to_contain_text(f"#{advice.pk}")
    page.goto(f"/referrals/{started.pk}/")
    row_one = page.locator(f"#recommendation-{first.pk}")
    row_two = page.locator(f"#recommendation-{second.pk}")
    expect(row_one).to_contain_text("planlagt")
    expect(row_one).to_contain_text("Teke inn i planen.")
    expect(row_one).to_contain_text("Eit tiltak i den individuelle planen.")
    expect(row_two).to_contain_text("ikkje mogleg")
    expect(row_two).to_contain_text("Kommunen manglar kompetanse på dette.")
    check_accessibility(page)
    screenshot(page, "recommendations-seen-by-dps")
    row_two.get_by_role("link", name=f"Bede om rettleiing: tilvising #{advice.pk}").click()
    expect(page.locator("h1")).to_contain_text(f"Tilvising #{advice.pk}")
    expect(page.locator("body")).to_contain_text("Oppfølging av rusbruken i ROP-team.")


def test_a_notice_is_sent_acknowledged_on_the_dashboard_and_the_sender_sees_who(
    page, login, started, check_accessibility, screenshot
):
    person = started.service_user
    login("inntak")
    page.goto("/referrals/notices/new/")
    page.get_by_role("textbox", name="Finn personen").fill(person.last_name)
    page.get_by_role("button", name="Søk").click()
    check_accessibility(page)
    screenshot(page, "notice-person-search")
    page.get_by_role("link", name=person.full_name).click()
    expect(page.locator("#notice-person")).to_contain_text(person.full_name)
    page.get_by_label("utskriving planlagd").check()
    page.get_by_role("button", name="Send meldinga").click()
    expect(page.locator(".error-summary")).to_contain_text("Oppgi venta utskrivingsdato.")
    page.get_by_label("Venta dato").fill("24.12.2026")
    check_accessibility(page)
    screenshot(page, "notice-new")
    page.get_by_role("button", name="Send meldinga").click()
    expect(page.get_by_role("status")).to_contain_text("er send til Psykisk helse Lærdal")
    notice_url = page.url
    logout(page)

    login("koordinator")
    panel = page.locator("section[aria-labelledby='slot-notices-title']")
    expect(panel).to_contain_text("Solveig Syntetisk")
    check_accessibility(page)
    screenshot(page, "dashboard-coordinator-notice")
    panel.get_by_role("link", name=re.compile("Utskriving planlagd")).click()
    page.get_by_label("Er pårørande informerte?").select_option("yes")
    page.get_by_label("Kven").fill("Mor")
    page.get_by_label("Når").fill("01.12.2026")
    check_accessibility(page)
    page.get_by_role("button", name="Kvitter").click()
    expect(page.locator("#acknowledged")).to_contain_text("koordinator")
    logout(page)

    login("inntak")
    page.goto(notice_url)
    expect(page.locator("#acknowledged")).to_contain_text("koordinator")
    expect(page.locator(".facts")).to_contain_text("Mor")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "notice-acknowledged-390")
