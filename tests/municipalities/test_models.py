"""Model-level rules: what full_clean() tells a form, the admin or the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from municipalities.models import Consent, Municipality, PrivatePurchase, ServiceUser
from tests import factories

pytestmark = pytest.mark.django_db


def _errors(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def _person(home, **fields) -> ServiceUser:
    values = {
        "national_id": factories.synthetic_id(),
        "first_name": "Ingrid",
        "last_name": "Multeli",
        "home_municipality": home,
    }
    return ServiceUser(**{**values, **fields})


def test_a_valid_person_passes_and_gets_the_birth_date_from_the_number(home):
    person = _person(home, national_id=factories.synthetic_id(datetime.date(1979, 2, 1)))
    person.full_clean()
    person.save()
    person.refresh_from_db()
    assert person.birth_date == datetime.date(1979, 2, 1)


def test_a_wrong_check_digit_is_an_error_on_the_identity_number(home):
    number = factories.synthetic_id()
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    errors = _errors(_person(home, national_id=wrong))
    assert "Kontrollsifra stemmer ikkje" in " ".join(errors["national_id"])


def test_two_people_cannot_share_an_identity_number(service_user, home):
    errors = _errors(_person(home, national_id=service_user.national_id))
    assert "national_id" in errors


def test_the_responsible_coordinator_must_work_in_the_home_municipality(
    home, outsider, coordinator
):
    errors = _errors(_person(home, coordinator=outsider))
    assert "heimkommunen" in " ".join(errors["coordinator"])
    _person(home, coordinator=coordinator).full_clean()


def test_a_consent_cannot_be_withdrawn_before_it_was_given(service_user, home_service):
    consent = Consent(
        service_user=service_user,
        organisation=home_service,
        given_on=datetime.date(2025, 5, 1),
        withdrawn_on=datetime.date(2025, 4, 1),
    )
    errors = _errors(consent)
    assert "kan ikkje trekkjast tilbake før det er gjeve" in " ".join(errors["__all__"])


def test_a_private_purchase_must_end_after_it_starts_and_cost_something(service_user, home):
    purchase = PrivatePurchase(
        service_user=service_user,
        municipality=home,
        provider="Fjordtun Omsorg AS",
        daily_cost=0,
        start_date=datetime.date(2025, 5, 1),
        end_date=datetime.date(2025, 4, 1),
    )
    errors = _errors(purchase)
    assert "daily_cost" in errors
    assert "må slutte same dag som han byrjar eller seinare" in " ".join(errors["__all__"])


def test_a_municipality_number_has_four_digits(db):
    errors = _errors(Municipality(number="14a2", name="Feil"))
    assert "har fire siffer" in " ".join(errors["number"])
