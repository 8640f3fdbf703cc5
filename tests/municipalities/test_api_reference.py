"""/api/v1/municipalities/ and /api/v1/organisations/: public facts for any
logged-in user, read only."""

import pytest
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def council_reader(home, elsewhere):
    council = factories.OrganisationFactory(name="Sogn regionråd", kind="council")
    return factories.member_of(council, role="council_reader", username="regionrad")


def test_any_logged_in_user_lists_all_municipalities(council_reader, home, elsewhere):
    response = _client(council_reader).get("/api/v1/municipalities/")
    assert response.status_code == 200
    assert {row["number"] for row in response.json()["results"]} == {"1422", "1417"}


def test_municipalities_are_read_only(coordinator, home):
    client = _client(coordinator)
    assert client.get(f"/api/v1/municipalities/{home.pk}/").json()["name"] == "Lærdal"
    response = client.patch(f"/api/v1/municipalities/{home.pk}/", {"name": "X"}, format="json")
    assert response.status_code == 405
    assert client.post("/api/v1/municipalities/", {"number": "9999"}).status_code == 405


def test_organisations_show_their_catchment_and_age_range(outsider, home, elsewhere):
    dps = factories.OrganisationFactory(
        name="DPS Indre Sogn", kind="dps", municipality=home, min_age=18
    )
    dps.catchment.set([home, elsewhere])
    response = _client(outsider).get(f"/api/v1/organisations/{dps.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "dps"
    assert body["min_age"] == 18
    assert sorted(body["catchment"]) == sorted([home.pk, elsewhere.pk])


def test_organisations_filter_by_kind(coordinator, home):
    factories.OrganisationFactory(name="Sogndal BUP", kind="bup", max_age=17)
    response = _client(coordinator).get("/api/v1/organisations/", {"kind": "bup"})
    assert [row["name"] for row in response.json()["results"]] == ["Sogndal BUP"]


def test_anonymous_callers_get_no_municipalities(home):
    assert APIClient().get("/api/v1/municipalities/").status_code == 403
