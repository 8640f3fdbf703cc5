"""Real Chromium: a coordinator writes an individual plan with a goal and a
measure, adds the DPS to the responsibility group and holds a meeting with a
decision. Each page is checked with axe-core and saved as a screenshot."""

import pytest
from playwright.sync_api import expect

from municipalities.models import ActionItem, IndividualPlan, Participant
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def person(home, coordinator):
    person = factories.ServiceUserFactory(
        home_municipality=home, coordinator=coordinator, first_name="Solveig"
    )
    dps = factories.dps_for(home, name="DPS Indre Sogn")
    factories.ConsentFactory(service_user=person, organisation=dps)
    return person


def save(page):
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def test_a_coordinator_writes_a_plan_and_holds_a_meeting(
    page, login, person, coordinator, check_accessibility, screenshot
):
    login("koordinator")
    page.goto(f"/service-users/{person.pk}/")
    page.locator(f"a[href='/plans/new/{person.pk}/']").click()
    page.locator("[name=owner_statement]").fill("Eg vil ha ein stad som er min.")
    save(page)
    plan = IndividualPlan.objects.get(service_user=person)
    expect(page.locator("blockquote")).to_contain_text("Eg vil ha ein stad som er min.")

    page.locator(f"a[href='/plans/{plan.pk}/goals/new/']").click()
    page.locator("[name=text]").fill("Bu i eiga leilegheit innan eitt år")
    page.locator("[name=domain]").select_option("housing")
    save(page)
    expect(page.locator("main")).to_contain_text("Bu i eiga leilegheit innan eitt år")

    page.locator(f"a[href='/plans/{plan.pk}/measures/new/']").click()
    page.locator("[name=description]").fill("Bustadkontor: søknad om kommunal bustad")
    page.locator("[name=goal]").select_option(label="Bu i eiga leilegheit innan eitt år")
    page.locator("[name=responsible_organisation]").select_option(
        label=coordinator.memberships.get().organisation.name
    )
    page.locator("[name=contact_name]").fill("Kari Nordheim")
    save(page)

    page.locator(f"a[href='/plans/{plan.pk}/participants/new/']").click()
    page.locator("[name=organisation]").select_option(label="DPS Indre Sogn")
    page.locator("[name=role]").select_option("specialist")
    page.locator("[name=phone]").fill("57 65 10 00")
    save(page)

    page.locator(f"a[href='/plans/{plan.pk}/meetings/new/']").click()
    page.locator("[name=starts_at]").fill("2026-12-10T10:00")
    page.locator("[name=place]").fill("Kommunehuset, møterom 2")
    page.locator("[name=agenda]").fill("Måla og tiltaka")
    page.get_by_label("DPS Indre Sogn").first.check()
    page.locator("[name=minutes]").fill("Gruppa gjekk gjennom måla.")
    save(page)
    meeting = plan.meetings.get()

    page.locator(f"a[href='/plans/meetings/{meeting.pk}/decisions/new/']").click()
    page.locator("[name=text]").fill("Søkje om støttekontakt")
    page.locator("[name=owner]").select_option(label=coordinator.username)
    page.locator("[name=due_on]").fill("2027-01-15")
    save(page)

    expect(page.locator("main")).to_contain_text("Søkje om støttekontakt")
    expect(page.locator("main")).to_contain_text("DPS Indre Sogn")
    expect(page.locator("main")).to_contain_text("Kari Nordheim")
    check_accessibility(page)
    screenshot(page, "plan-detail")
    assert Participant.objects.get(plan=plan, organisation__name="DPS Indre Sogn").phone
    item = ActionItem.objects.get(meeting=meeting)
    assert (item.owner, str(item.due_on)) == (coordinator, "2027-01-15")
    assert plan.history.filter(subject__in=["goal", "measure", "participant"]).count() == 3
