"""Real Chromium: "Who can help?" from a young person's page, a measure, the
agreements register and a document attached to a referral through the form.
Every page is checked with axe-core and saved as a screenshot."""

import datetime

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.catalogue.conftest import luster, region, sogndal  # noqa: F401 (fixtures)
from tests.documents.conftest import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def teen(luster):  # noqa: F811
    today = datetime.date.today()
    born = today.replace(year=today.year - 15) - datetime.timedelta(days=40)
    person = factories.ServiceUserFactory(
        home_municipality=luster, born=born, first_name="Ungdom", main_pathway=2
    )
    factories.AssessmentFactory(service_user=person, network=4)
    return person


def test_a_coordinator_finds_bups_youth_team_for_a_15_year_old_in_luster(
    page,
    login,
    region,  # noqa: F811
    luster,  # noqa: F811
    teen,
    check_accessibility,
    screenshot,  # noqa: F811
):
    service = factories.OrganisationFactory(municipal_service_in=luster)
    factories.member_of(service, username="koordinator-luster")
    login("koordinator-luster")
    page.goto(f"/service-users/{teen.pk}/")
    page.get_by_role("link", name="Kven kan hjelpe?", exact=True).last.click()
    expect(page.locator("h1")).to_have_text("Kven kan hjelpe?")
    expect(page.get_by_role("link", name="BUP ungdomsteam (12–18)")).to_be_visible()
    expect(page.get_by_role("link", name="DPS Indre Sogn poliklinikk")).to_have_count(0)
    check_accessibility(page)
    screenshot(page, "catalogue-search")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "catalogue-search-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="BUP ungdomsteam (12–18)").click()
    expect(page.get_by_role("link", name="Samarbeidsavtale psykisk helse og rus")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "catalogue-measure")
    page.get_by_role("link", name="Samarbeidsavtale psykisk helse og rus").click()
    expect(page.locator("h1")).to_have_text("Samarbeidsavtale psykisk helse og rus")
    check_accessibility(page)
    page.goto("/catalogue/agreements/")
    check_accessibility(page)
    screenshot(page, "catalogue-agreements")


def test_the_sender_attaches_a_pdf_to_a_referral_and_a_fake_is_refused(
    page,
    login,
    coordinator,
    region,  # noqa: F811
    service_user,
    check_accessibility,
    screenshot,
    tmp_path,  # noqa: F811
):
    intake = factories.member_of(region["dps"], role="intake", username="inntak")
    referral = factories.make_referral(
        "received", sender_user=coordinator, receiver_user=intake, service_user=service_user,
        sender=region["home_service"], receiver=region["dps"],
    )  # fmt: skip
    fake = tmp_path / "epikrise.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 300)
    real = tmp_path / "kartlegging.pdf"
    real.write_bytes(PDF)
    login("koordinator")
    page.goto(f"/referrals/{referral.pk}/")
    page.get_by_role("link", name="Sjå eller legg ved dokument").click()
    page.get_by_label("Tittel").fill("Epikrise")
    page.get_by_label("Fil").set_input_files(str(fake))
    page.get_by_role("button", name="Legg ved").click()
    refused = "Berre PDF-, PNG- og JPEG-filer kan leggjast ved; denne fila er ingen av dei."
    expect(page.get_by_text(refused, exact=True)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "documents-refused")
    page.get_by_label("Tittel").fill("Kartlegging")
    page.get_by_label("Fil").set_input_files(str(real))
    page.get_by_role("button", name="Legg ved").click()
    expect(page.get_by_role("link", name="Kartlegging")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "documents")
