"""Playwright fixtures: Debian's Chromium against pytest-django's live server.

The browser is never downloaded: it is the system's /usr/bin/chromium (CI
installs it with apt-get). Without it the browser tests are skipped with the
reason. axe-core comes from node_modules (`make install` runs `npm ci`).
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test body's
# database calls are still plain synchronous code, so Django's async guard
# must not refuse them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
PASSWORD = "demo-password-1"


def skip_or_fail(reason: str):
    """CI sets BOPS_REQUIRE_BROWSER=1 so a missing browser fails instead of skipping."""
    if os.environ.get("BOPS_REQUIRE_BROWSER") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    for candidate in (os.environ.get("BOPS_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if not executable:
        skip_or_fail("no Chromium found (install Debian's chromium: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="nn-NO"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Log in through the real form: `login("koordinator")`."""

    def do_login(username: str, password: str = PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Brukarnamn").fill(username)
        page.get_by_label("Passord").fill(password)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_load_state()

    return do_login


@pytest.fixture
def check_accessibility():
    """Run axe-core on the page; fail on serious or critical violations."""
    if not AXE.exists():
        skip_or_fail("axe-core is missing: run `npm ci` (make install does)")

    def check(page):
        # Evaluated through the DevTools protocol rather than a <script> tag,
        # so the page's Content Security Policy (no inline scripts) stays on.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} – "
            + "; ".join(node["target"][0] for node in v["nodes"][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], "\n".join(serious)

    return check


@pytest.fixture
def screenshot():
    """Save a full-page screenshot as a test artefact (artifacts/ is not committed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def shoot(page, name: str):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return shoot
