"""A small world for the FHIR tests: one person in Lærdal referred to a DPS,
applying for and living in the shared residence, and the personas."""

from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from municipalities.models import Membership
from tests import factories


@pytest.fixture
def world(home, elsewhere, home_service, coordinator):
    w = SimpleNamespace(home=home, service=home_service, coordinator=coordinator)
    w.person = factories.ServiceUserFactory(
        home_municipality=home, first_name="Sigrunhild", last_name="Fhirdottir"
    )
    w.other = factories.ServiceUserFactory(home_municipality=elsewhere)
    w.dps = factories.dps_for(home, elsewhere, name="DPS Indre Sogn")
    w.clinician = factories.member_of(w.dps, role=Membership.Role.INTAKE, username="klinikar")
    w.referral = factories.make_referral(
        "received",
        sender_user=coordinator,
        receiver_user=w.clinician,
        service_user=w.person,
        sender=home_service,
        receiver=w.dps,
    )
    w.residence = factories.residence_with_places(2, organisation__municipality=home)
    w.application = factories.ApplicationFactory(residence=w.residence, service_user=w.person)
    w.stay = factories.StayFactory(service_user=w.person, place=w.residence.places.get(code="A1"))
    w.other_stay = factories.StayFactory(
        service_user=w.other, place=w.residence.places.get(code="A2")
    )
    return w


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def fhir_ids(client, resource_type: str, query: str = "") -> list[str]:
    """Every id a search returns, following the next links."""
    url = f"/fhir/R4/{resource_type}{'?' + query if query else ''}"
    ids = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        bundle = response.json()
        ids += [e["resource"]["id"] for e in bundle.get("entry", [])]
        url = next((link["url"] for link in bundle["link"] if link["relation"] == "next"), None)
    return ids


def json_api_ids(client, path: str) -> list[int]:
    url = path
    ids = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [row["id"] for row in body["results"]]
        url = body["next"]
    return ids
