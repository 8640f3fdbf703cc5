"""Real Chromium: a long pasted text is kept whole, counted, and refused with a message."""

import pytest
from playwright.sync_api import expect

from referrals.models import Referral
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_pasted_reason_past_the_limit_is_kept_whole_counted_and_refused(
    page, login, home, coordinator, screenshot
):
    factories.dps_for(home, name="DPS Indre Sogn")
    person = factories.ServiceUserFactory(home_municipality=home, coordinator=coordinator)
    login("koordinator")
    page.goto(f"/referrals/new/?service_user={person.pk}&kind=assessment&next=1")
    reason = page.locator("#id_reason")
    expect(page.locator("#id_reason_counter")).to_contain_text("5\u00a0000")
    reason.fill("x" * 12_000)
    assert len(reason.input_value()) == 12_000  # nothing cut by the browser
    expect(page.locator("#id_reason_counter")).to_contain_text("for mykje")
    screenshot(page, "referral-form-too-long")
    page.get_by_role("button", name="Lagre som utkast").click()
    expect(page.locator("#id_reason_error")).to_be_visible()
    assert len(page.locator("#id_reason").input_value()) == 12_000
    assert not Referral.objects.exists()
