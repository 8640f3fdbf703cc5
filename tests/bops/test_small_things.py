"""Small things people notice: mail links, the icon, admin names, placeholders."""

from pathlib import Path

from django.apps import apps
from django.urls import reverse
from django.utils import translation

from bops.apps import BLANK_CHOICE_LABEL
from capacity.forms import AdmitForm
from municipalities.forms import ServiceUserForm
from referrals import notifications
from tests import factories


def test_a_mail_links_to_the_referral_with_the_configured_address(db, settings):
    settings.SITE_URL = "https://bops.sogn.example"
    referral = factories.ReferralFactory()
    text = notifications._describe(referral)
    assert f"https://bops.sogn.example/referrals/{referral.pk}/" in text


def test_the_sender_address_comes_from_the_environment():
    from bops import settings as bops_settings

    source = Path(bops_settings.__file__).read_text(encoding="utf-8")
    assert 'DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL"' in source


def test_every_page_names_an_icon_and_favicon_ico_leads_to_it(client, db):
    page = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    response = client.get("/favicon.ico")
    assert response.status_code in (301, 302)
    assert response["Location"].endswith("img/favicon.svg")


def test_the_admin_names_third_party_apps_in_nynorsk():
    with translation.override("nn"):
        names = {
            label: str(apps.get_app_config(label).verbose_name) for label in ("axes", "otp_totp")
        }
    assert names == {
        "axes": "Innloggingsforsøk og utestengingar",
        "otp_totp": "Andre faktor (kodeapp)",
    }


def test_empty_choices_have_one_translated_placeholder(coordinator):
    with translation.override("nn"):
        html = str(ServiceUserForm(user=coordinator)["coordinator"])
        assert "Vel …" in html
        assert "Select an option" not in html and "---------" not in html
        assert str(BLANK_CHOICE_LABEL) == "Vel …"


def test_places_sort_naturally_in_the_admit_form(db):
    unit = factories.UnitFactory()
    for code in ("A10", "A2", "A1"):
        factories.PlaceFactory(unit=unit, code=code)
    form = AdmitForm(residence=unit.residence)
    assert [p.code for p in form.fields["place"].queryset] == ["A1", "A2", "A10"]
