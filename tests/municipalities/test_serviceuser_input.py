"""Input as people type it on the service-user form."""

import datetime

import pytest
from django.urls import reverse

from municipalities.forms import ServiceUserForm
from municipalities.models import ServiceUser
from tests import factories
from tests.factories import synthetic_id

NEW = reverse("municipalities:serviceuser_create")


def data(home, national_id, **extra):
    return {
        "national_id": national_id,
        "first_name": "Kari",
        "last_name": "Syntetisk",
        "home_municipality": home.pk,
        "ip_status": ServiceUser.PlanStatus.NONE,
        "main_pathway": "1",
        **extra,
    }


@pytest.mark.parametrize("spacing", ["{a} {b}", "{a}.{b}", " {a}  {b} "])
def test_an_identity_number_typed_with_spaces_or_dots_is_stored_as_11_digits(
    client, coordinator, home, spacing
):
    digits = synthetic_id(datetime.date(1984, 8, 12))
    typed = spacing.format(a=digits[:6], b=digits[6:])
    client.force_login(coordinator)
    response = client.post(NEW, data(home, typed))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ServiceUser.objects.get().national_id == digits


def test_the_identity_field_has_no_maxlength_that_cuts_what_is_typed(coordinator):
    form = ServiceUserForm(user=coordinator)
    assert "maxlength" not in str(form["national_id"])


def test_a_duplicate_identity_number_links_to_the_person_already_registered(
    client, coordinator, home
):
    existing = factories.ServiceUserFactory(home_municipality=home)
    client.force_login(coordinator)
    response = client.post(NEW, data(home, existing.national_id))
    body = response.content.decode()
    assert response.status_code == 200
    assert "alt registrert" in body
    assert reverse("municipalities:serviceuser_detail", args=[existing.pk]) in body
    assert ServiceUser.objects.count() == 1


def test_a_duplicate_the_user_may_not_see_gets_the_message_without_a_link(
    client, coordinator, home, elsewhere
):
    hidden = factories.ServiceUserFactory(home_municipality=elsewhere)
    client.force_login(coordinator)
    body = client.post(NEW, data(home, hidden.national_id)).content.decode()
    assert "alt registrert" in body
    assert reverse("municipalities:serviceuser_detail", args=[hidden.pk]) not in body


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("912 34 567", "91234567"),
        ("+47 912.34.567", "+4791234567"),
        ("0047 91234567", "+4791234567"),
    ],
)
def test_phone_numbers_are_normalised(client, coordinator, home, typed, stored):
    client.force_login(coordinator)
    national_id = synthetic_id(datetime.date(1990, 1, 2))
    response = client.post(NEW, data(home, national_id, next_of_kin_phone=typed))
    assert response.status_code == 302
    assert ServiceUser.objects.get().next_of_kin_phone == stored


def test_letters_are_not_a_phone_number(client, coordinator, home):
    client.force_login(coordinator)
    national_id = synthetic_id(datetime.date(1990, 1, 2))
    response = client.post(NEW, data(home, national_id, next_of_kin_phone="abc<>"))
    assert "Skriv telefonnummeret med siffer" in response.content.decode()
    assert not ServiceUser.objects.exists()
