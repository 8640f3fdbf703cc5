"""The regional council never sends or receives a referral: not on the
page, not through the API, not in admin (one rule:
Organisation.objects.referral_parties())."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from municipalities.models import Membership, Organisation
from referrals.models import Referral
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/referrals/"


@pytest.fixture
def council(db):
    return factories.OrganisationFactory(name="Sogn regionråd", kind=Organisation.Kind.COUNCIL)


@pytest.fixture
def council_reader(council):
    return factories.member_of(council, role=Membership.Role.COUNCIL_READER, username="rad")


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_refuses_the_council_as_receiver(coordinator, service_user, home_service, council):
    response = client_for(coordinator).post(
        URL,
        {
            "service_user": service_user.pk,
            "sender": home_service.pk,
            "receiver": council.pk,
            "kind": "assessment",
            "reason": "Forverring.",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "receiver" in response.json()
    assert not Referral.objects.exists()


def test_the_api_refuses_the_council_as_sender(council_reader, council, service_user, dps):
    response = client_for(council_reader).post(
        URL,
        {
            "service_user": service_user.pk,
            "sender": council.pk,
            "receiver": dps.pk,
            "kind": "assessment",
            "reason": "x",
        },
        format="json",
    )
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_the_new_referral_page_does_not_offer_the_council(client, coordinator, council):
    client.force_login(coordinator)
    response = client.get("/referrals/new/")
    assert response.status_code == 200
    assert "Sogn regionråd" not in response.content.decode()


def test_the_model_refuses_the_council_on_either_side(service_user, home_service, dps, council):
    for sender, receiver, field in ((home_service, council, "receiver"), (council, dps, "sender")):
        referral = Referral(service_user=service_user, sender=sender, receiver=receiver, reason="x")
        with pytest.raises(ValidationError) as error:
            referral.clean()
        assert field in error.value.message_dict


def test_the_admin_refuses_the_council_as_receiver(
    client, admin_user, service_user, home_service, council
):
    client.force_login(admin_user)
    response = client.post(
        "/admin/referrals/referral/add/",
        {
            "service_user": service_user.pk,
            "sender": home_service.pk,
            "receiver": council.pk,
            "kind": "assessment",
            "urgency": "ordinary",
            "reason": "x",
        },
    )
    assert not Referral.objects.exists()
    assert response.status_code in (200, 403)
