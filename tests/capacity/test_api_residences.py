"""/api/v1/residences/ and the occupancy endpoint."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests import factories
from tests.capacity.conftest import place

D = datetime.date


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def occupied(residence, home, elsewhere):
    factories.StayFactory(
        place=place(residence, "A1"),
        start=D(2026, 3, 1),
        end=D(2026, 3, 4),
        end_reason="planned",
        paying_municipality=home,
    )
    factories.StayFactory(
        place=place(residence, "A2"), start=D(2026, 3, 3), paying_municipality=elsewhere
    )
    return residence


def url(residence, start, end):
    return f"/api/v1/residences/{residence.pk}/occupancy/?from={start}&to={end}"


def test_members_list_residences_with_their_number_of_places(residence, coordinator):
    response = client_for(coordinator).get("/api/v1/residences/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert (row["name"], row["places"]) == ("Lærdal bufellesskap", 6)


def test_a_user_without_membership_sees_no_residence(residence):
    response = client_for(factories.UserFactory()).get("/api/v1/residences/")
    assert response.json()["results"] == []


def test_anonymous_users_are_refused(residence):
    assert APIClient().get("/api/v1/residences/").status_code in (401, 403)


def test_the_occupancy_gives_the_daily_series_totals_and_bed_days(
    occupied, coordinator, home, elsewhere
):
    response = client_for(coordinator).get(url(occupied, "2026-03-01", "2026-03-05"))
    assert response.status_code == 200
    body = response.json()
    assert [d["occupied"] for d in body["days"]] == [1, 1, 2, 1, 1]
    assert body["days"][2] == {
        "date": "2026-03-03",
        "occupied": 2,
        "active_places": 6,
        "utilisation": 0.3333,
    }
    assert body["totals"]["bed_days"] == 6
    assert body["totals"]["utilisation"] == 0.2
    assert body["bed_days_by_municipality"] == [
        {"municipality": home.pk, "name": "Lærdal", "bed_days": 3},
        {"municipality": elsewhere.pk, "name": "Vik", "bed_days": 3},
    ]


def test_council_readers_see_the_occupancy_in_aggregate(occupied, council_reader):
    response = client_for(council_reader).get(url(occupied, "2026-03-01", "2026-03-05"))
    assert response.status_code == 200
    assert "service_user" not in str(response.json())


@pytest.mark.parametrize(
    "query",
    [
        "from=2026-03-05&to=2026-03-01",
        "from=2026-02-30&to=2026-03-01",
        "from=tomorrow&to=2026-03-01",
        "to=2026-03-01",
        "from=2000-01-01&to=2026-03-01",
    ],
)
def test_a_bad_period_is_a_400_with_a_field_message(occupied, coordinator, query):
    response = client_for(coordinator).get(f"/api/v1/residences/{occupied.pk}/occupancy/?{query}")
    assert response.status_code == 400
    assert set(response.json()) <= {"from", "to"}


def test_the_occupancy_of_an_unknown_residence_is_404(coordinator, db):
    assert (
        client_for(coordinator)
        .get("/api/v1/residences/999/occupancy/?from=2026-01-01&to=2026-01-02")
        .status_code
        == 404
    )


def test_the_query_count_does_not_grow_with_the_period(occupied, coordinator):
    client = client_for(coordinator)
    client.get(url(occupied, "2026-03-01", "2026-03-02"))  # loads the user's memberships once
    counts = []
    for end in ("2026-03-07", "2027-02-28"):  # 7 days, then 365 days
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(occupied, "2026-03-01", end)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 5
