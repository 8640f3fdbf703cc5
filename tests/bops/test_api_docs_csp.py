"""The API docs (Swagger UI) work under the Content Security Policy: no
inline script or style is needed, and the browser reports no violation."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_swagger_ui_renders_without_csp_violations(live_server, browser_page):
    messages = []
    browser_page.on("console", lambda message: messages.append(message.text))
    response = browser_page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    browser_page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "BOPS API" in browser_page.inner_text(".swagger-ui .info .title")
    assert browser_page.locator(".opblock").count() >= 1
    # The page style that used to be inline is applied from its file.
    background = browser_page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(250, 250, 250)"
    assert not [m for m in messages if "Content Security Policy" in m]


@pytest.fixture
def coordinator_session(coordinator, client, settings):
    """Signed in before the browser starts: Playwright's event loop forbids
    synchronous database work afterwards."""
    settings.BOPS_REQUIRE_2FA = True
    client.force_login(coordinator)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_the_enrolment_qr_code_shows_under_the_csp(
    live_server, coordinator_session, browser_page, settings
):
    browser_page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": coordinator_session,
                "url": live_server.url,
            }
        ]
    )
    messages = []
    browser_page.on("console", lambda message: messages.append(message.text))
    browser_page.goto(f"{live_server.url}/")
    assert "/security/two-factor/enrol/" in browser_page.url
    box = browser_page.locator("figure.qr svg").bounding_box()
    assert box["width"] > 100 and box["height"] > 100
    assert not [m for m in messages if "Content Security Policy" in m]
