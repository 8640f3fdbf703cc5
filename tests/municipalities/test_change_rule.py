"""One rule for changing a person's record: `ServiceUser.objects.for_user(user,
CHANGE)`. Only the person's own municipality's coordinators (not read-only)
may change it, on the edit page, through the API and in admin alike.
Residence staff and intake clinicians see the people they serve but never
change their record."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bops import access
from municipalities.models import ServiceUser
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(home):
    return factories.ServiceUserFactory(home_municipality=home, first_name="Ragnhild")


@pytest.fixture
def lead(home, resident):
    residence = factories.residence_with_places(2, organisation__municipality=home)
    factories.StayFactory(service_user=resident, place=residence.places.first())
    return factories.member_of(residence.organisation, role="residence_lead", username="leiar")


@pytest.fixture
def clinician(home, coordinator, resident):
    dps = factories.dps_for(home, name="DPS")
    user = factories.member_of(dps, role="intake", username="klinikar")
    factories.make_referral(
        "received",
        sender_user=coordinator,
        receiver_user=user,
        service_user=resident,
        sender=coordinator.memberships.first().organisation,
        receiver=dps,
    )
    return user


def api_patch(user, person, **data):
    client = APIClient()
    client.force_authenticate(user)
    return client.patch(f"/api/v1/service-users/{person.pk}/", data, format="json")


def edit_page(client, user, person):
    client.force_login(user)
    return client.get(reverse("municipalities:serviceuser_update", args=[person.pk]))


def test_the_residence_lead_sees_the_resident_but_cannot_change_the_record_via_the_api(
    lead, resident
):
    client = APIClient()
    client.force_authenticate(lead)
    assert client.get(f"/api/v1/service-users/{resident.pk}/").status_code == 200
    response = api_patch(lead, resident, first_name="Endra")
    assert response.status_code == 403
    resident.refresh_from_db()
    assert resident.first_name == "Ragnhild"


def test_the_residence_lead_gets_no_edit_page_either(client, lead, resident):
    assert edit_page(client, lead, resident).status_code == 403


def test_the_intake_clinician_cannot_change_the_record(client, clinician, resident):
    assert api_patch(clinician, resident, first_name="Endra").status_code == 403
    assert edit_page(client, clinician, resident).status_code == 403


def test_the_home_coordinator_changes_the_record_on_both_routes(client, coordinator, resident):
    assert api_patch(coordinator, resident, first_name="Endra").status_code == 200
    assert edit_page(client, coordinator, resident).status_code == 200


def test_the_read_only_coordinator_changes_nothing(client, reader, resident):
    assert api_patch(reader, resident, first_name="Endra").status_code == 403
    assert edit_page(client, reader, resident).status_code == 403


def test_the_change_scope_holds_only_the_home_coordinators_people(
    coordinator, lead, clinician, reader, resident
):
    def changeable(user):
        return set(ServiceUser.objects.for_user(user, access.CHANGE).values_list("pk", flat=True))

    assert changeable(coordinator) == {resident.pk}
    assert changeable(lead) == set()
    assert changeable(clinician) == set()
    assert changeable(reader) == set()


def test_the_residence_lead_still_admits_an_applicant_through_the_api(home, lead):
    residence = lead.memberships.first().organisation.residences.first()
    applicant = factories.ServiceUserFactory(home_municipality=home)
    factories.ApplicationFactory(residence=residence, service_user=applicant)
    client = APIClient()
    client.force_authenticate(lead)
    response = client.post(
        "/api/v1/stays/",
        {"service_user": applicant.pk, "place": residence.places.last().pk},
        format="json",
    )
    assert response.status_code != 400 or "service_user" not in response.json(), response.json()
