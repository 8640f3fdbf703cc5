"""Real Chromium on a phone: every main page of every role, on the demo data.

A page may scroll sideways inside a table's own box, never as a whole: at
360 and 390 px `document.documentElement.scrollWidth` must not exceed the
viewport. Each dashboard is saved at desktop and phone width in
artifacts/screenshots/ (dashboard-<login>-desktop.png, -phone.png).
"""

import io
import re

import pytest

from capacity.models import Application, Residence
from municipalities.demo import DEMO_PASSWORD
from municipalities.hooks import demo_steps
from municipalities.models import ServiceUser
from referrals.models import Referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONES = (390, 360)
DESKTOP = {"width": 1280, "height": 900}


def main_pages() -> dict[str, list[str]]:
    """The pages each demo login uses in a working day, on the seeded data."""
    residence = Residence.objects.order_by("pk").first()
    laerdal_person = ServiceUser.objects.filter(home_municipality__number="4642").first()
    if laerdal_person is None:  # the municipality numbers may follow a reform
        laerdal_person = ServiceUser.objects.order_by("pk").first()
    to_dps = Referral.objects.filter(receiver__name__startswith="DPS").order_by("pk").first()
    application = Application.objects.order_by("pk").first()
    return {
        "koordinator-laerdal": [
            "/",
            "/service-users/",
            "/service-users/new/",
            f"/service-users/{laerdal_person.pk}/",
            f"/service-users/{laerdal_person.pk}/edit/",
            f"/service-users/{laerdal_person.pk}/consents/new/",
            f"/service-users/{laerdal_person.pk}/purchases/new/",
            "/referrals/",
            "/referrals/new/",
            f"/residence/{residence.pk}/waiting-list/",
        ],
        "inntak-dps": ["/", "/referrals/", f"/referrals/{to_dps.pk}/"],
        "inntak-bup": ["/", "/referrals/"],
        "leiar-bops": [
            "/",
            f"/residence/{residence.pk}/",
            f"/residence/{residence.pk}/waiting-list/",
            f"/residence/{residence.pk}/occupancy/",
            f"/residence/applications/{application.pk}/",
            "/reports/council/",
        ],
        "regionrad": ["/", "/reports/council/"],
        "admin": [
            "/",
            "/service-users/",
            f"/service-users/{laerdal_person.pk}/",
            "/referrals/",
            "/reports/council/",
            "/admin/",
        ],
    }


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Brukarnamn").fill(username)
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


def overflow(page) -> tuple[int, int]:
    return page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


def test_no_main_page_of_any_role_scrolls_sideways_on_a_phone(browser, live_server, screenshot):
    demo_steps.call_all(io.StringIO())
    wide = []
    for username, paths in main_pages().items():
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="nn-NO")
        context.set_default_timeout(15_000)
        page = context.new_page()
        log_in(page, username)
        assert page.url.endswith("/"), f"{username} could not log in"
        for path in paths:
            page.set_viewport_size(DESKTOP)
            response = page.goto(path)
            assert response.status == 200, f"{username} {path}: HTTP {response.status}"
            if path == "/":
                screenshot(page, f"dashboard-{username}-desktop")
            for width in PHONES:
                page.set_viewport_size({"width": width, "height": 800})
                scroll_width, client_width = overflow(page)
                if scroll_width > client_width:
                    wide.append(f"{username} {path} at {width} px: {scroll_width} px wide")
            if path == "/":
                page.set_viewport_size({"width": PHONES[0], "height": 800})
                screenshot(page, f"dashboard-{username}-phone")
            elif username == "koordinator-laerdal" or path.startswith("/reports"):
                slug = re.sub(r"[^a-z]+", "-", re.sub(r"\d+", "id", path)).strip("-")
                screenshot(page, f"phone-{username}-{slug}")
        if username == "leiar-bops":
            # The waiting list's status and "admit" stay within reach of a thumb.
            page.goto(paths[2])
            for cell in (
                page.locator("td[data-label='Status']").first,
                page.get_by_role("link", name=re.compile("^Skriv inn")).first,
            ):
                box = cell.bounding_box()
                assert box is not None and box["x"] + box["width"] <= PHONES[0]
        context.close()
    assert wide == [], "\n".join(wide)
