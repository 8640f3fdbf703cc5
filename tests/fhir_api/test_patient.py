"""The Patient resource: no-basis identifiers, home municipality, death."""

import datetime

import pytest
from django.http import Http404
from stdnum.no import fodselsnummer

from capacity.models import Stay
from fhir_api import codes
from fhir_api.scopes import privacy_people
from municipalities.models import ServiceUser
from privacy.views import person_for_privacy
from tests import factories
from tests.fhir_api.conftest import api
from tests.fhir_api.validation import validate

pytestmark = pytest.mark.django_db


def synthetic_d_number(born: datetime.date) -> str:
    """A synthetic D-number: day + 40, month + 80, valid check digits."""
    for serial in range(100, 500):
        base = f"{born.day + 40:02d}{born.month + 80:02d}{born:%y}{serial:03d}"
        k1 = fodselsnummer.calc_check_digit1(base)
        k2 = fodselsnummer.calc_check_digit2(base + k1) if k1 != "10" else "10"
        if "10" not in (k1, k2):
            return base + k1 + k2
    raise AssertionError("no serial gave valid check digits")


def test_a_d_number_person_is_identified_with_the_d_number_system(coordinator, home):
    person = factories.ServiceUserFactory(
        home_municipality=home, national_id=synthetic_d_number(datetime.date(1990, 5, 17))
    )
    patient = api(coordinator).get(f"/fhir/R4/Patient/{person.pk}").json()
    validate(patient)
    assert patient["identifier"][0] == {
        "use": "official",
        "system": "urn:oid:2.16.578.1.12.4.1.4.2",
        "value": person.national_id,
    }
    assert patient["birthDate"] == "1990-05-17"


def test_the_home_municipality_is_the_address_district_with_its_number(coordinator, service_user):
    patient = api(coordinator).get(f"/fhir/R4/Patient/{service_user.pk}").json()
    assert patient["identifier"][0]["system"] == codes.FNR_SYSTEM
    address = patient["address"][0]
    assert address["district"] == "Lærdal"
    coding = address["_district"]["extension"][0]
    assert coding["url"] == "http://hl7.no/fhir/StructureDefinition/no-basis-municipalitycode"
    assert coding["valueCoding"]["code"] == "1422"
    assert patient["meta"]["profile"] == [codes.NO_BASIS_PATIENT]
    assert "deceasedBoolean" not in patient


def test_a_person_whose_stay_ended_by_death_is_deceased(coordinator, service_user):
    residence = factories.residence_with_places(1)
    factories.StayFactory(
        service_user=service_user,
        place=residence.places.get(),
        end=datetime.date(2026, 2, 1),
        end_reason=Stay.EndReason.DEATH,
    )
    patient = api(coordinator).get(f"/fhir/R4/Patient/{service_user.pk}").json()
    validate(patient)
    assert patient["deceasedBoolean"] is True


def test_an_anonymised_person_carries_no_national_identifier(admin_user, service_user):
    service_user.anonymise()
    patient = api(admin_user).get(f"/fhir/R4/Patient/{service_user.pk}").json()
    validate(patient)
    systems = {i["system"] for i in patient["identifier"]}
    assert not systems & set(codes.NATIONAL_ID_SYSTEMS)
    assert patient["active"] is False


def test_the_record_scope_is_the_right_of_access_rule(coordinator, reader, outsider, home):
    people = factories.ServiceUserFactory.create_batch(2, home_municipality=home)
    dps = factories.dps_for(home)
    clinician = factories.member_of(dps, role="intake", username="klinikar")
    factories.make_referral(
        "received",
        sender_user=coordinator,
        receiver_user=clinician,
        service_user=people[0],
        sender=coordinator.memberships.get().organisation,
        receiver=dps,
    )
    for user in (coordinator, reader, outsider, clinician):
        allowed = set()
        for person in ServiceUser.objects.all():
            try:
                person_for_privacy(user, person.pk)
                allowed.add(person.pk)
            except Http404:
                pass
        assert set(privacy_people(user).values_list("pk", flat=True)) == allowed, user


@pytest.mark.parametrize(
    ("deceased_on", "died_in_stay", "moved_out_on", "deceased", "address"),
    [
        (None, False, None, {}, {"use": "home"}),
        (
            datetime.date(2026, 3, 4),
            False,
            None,
            {"deceasedDateTime": "2026-03-04"},
            {"use": "home"},
        ),
        # A recorded date wins over the stay that ended by death.
        (
            datetime.date(2026, 3, 4),
            True,
            None,
            {"deceasedDateTime": "2026-03-04"},
            {"use": "home"},
        ),
        (None, True, None, {"deceasedBoolean": True}, {"use": "home"}),
        (
            None,
            False,
            datetime.date(2026, 5, 1),
            {},
            {"use": "old", "period": {"end": "2026-05-01"}},
        ),
    ],
)
def test_death_and_moving_out_map_to_deceased_and_a_former_address(
    coordinator, service_user, deceased_on, died_in_stay, moved_out_on, deceased, address
):
    if died_in_stay:
        residence = factories.residence_with_places(1)
        factories.StayFactory(
            service_user=service_user,
            place=residence.places.get(),
            end=datetime.date(2026, 2, 1),
            end_reason=Stay.EndReason.DEATH,
        )
    ServiceUser.objects.filter(pk=service_user.pk).update(
        deceased_on=deceased_on, moved_out_on=moved_out_on
    )
    patient = api(coordinator).get(f"/fhir/R4/Patient/{service_user.pk}").json()
    validate(patient)
    assert {k: v for k, v in patient.items() if k.startswith("deceased")} == deceased
    home = patient["address"][0]
    assert {k: home[k] for k in ("use", "period") if k in home} == address
