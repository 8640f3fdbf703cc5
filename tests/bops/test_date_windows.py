"""Every date BOPS accepts lies in its window (bops/dates.py); outside it
the page shows a field error and the API answers 400 -- never a 500, also
for dates at the edge of the calendar (year 1, year 9999)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from bops import dates
from tests import factories

pytestmark = pytest.mark.django_db

EDGES = ["0001-01-01", "9999-12-31"]
TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def residence(home):
    return factories.residence_with_places(2, shielded=1, organisation__municipality=home)


@pytest.fixture
def lead(residence):
    return factories.member_of(residence.organisation, role="residence_lead", username="leiar")


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("window", list(dates.WINDOWS.values()), ids=list(dates.WINDOWS))
def test_each_window_takes_its_ends_and_refuses_the_days_beyond(window):
    with time_machine.travel(TODAY):
        earliest, latest = window.bounds()
        window(earliest)
        window(latest)
        for outside in (earliest - datetime.timedelta(days=1), latest + datetime.timedelta(days=1)):
            with pytest.raises(ValidationError) as error:
                window(outside)
            assert error.value.code == "date_outside_window"


def test_the_latest_day_moves_with_today():
    with time_machine.travel(datetime.date(2026, 3, 2)):
        assert dates.STAY.bounds()[1] == datetime.date(2031, 3, 2)
    with time_machine.travel(datetime.date(2030, 3, 2)):
        assert dates.STAY.bounds()[1] == datetime.date(2035, 3, 2)


def test_the_message_names_the_window_in_dd_mm_yyyy():
    with time_machine.travel(TODAY), pytest.raises(ValidationError) as error:
        dates.BIRTH(datetime.date(1, 1, 1))
    assert "01.01.1900" in error.value.messages[0]
    assert "02.03.2026" in error.value.messages[0]


# --- filters in the address ------------------------------------------------------


@pytest.mark.parametrize("edge", EDGES)
@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/applications/?applied_on_after={d}",
        "/api/v1/applications/?applied_on_before={d}",
        "/api/v1/stays/?on={d}",
        "/api/v1/stays/?start_after={d}",
        "/api/v1/stays/?start_before={d}",
    ],
)
def test_an_api_filter_date_outside_the_window_is_a_400_naming_the_field(lead, query, edge):
    response = api_as(lead).get(query.format(d=edge))
    assert response.status_code == 400
    field = query.split("?")[1].split("=")[0]
    assert field.rsplit("_", 1)[0] in str(response.json()) or field in response.json()


def test_a_filter_date_inside_the_window_still_filters(lead):
    response = api_as(lead).get("/api/v1/stays/?on=2026-01-01&start_after=2000-01-01")
    assert response.status_code == 200


@pytest.mark.parametrize("edge", EDGES)
def test_the_occupancy_api_refuses_a_period_at_the_edge_of_the_calendar(lead, residence, edge):
    url = f"/api/v1/residences/{residence.pk}/occupancy/?from={edge}&to={edge}"
    response = api_as(lead).get(url)
    assert response.status_code == 400
    assert "from" in response.json()


@pytest.mark.parametrize("edge", EDGES)
def test_the_occupancy_page_shows_a_field_error(client, lead, residence, edge):
    client.force_login(lead)
    response = client.get(
        reverse("capacity:occupancy", args=[residence.pk]), {"start": edge, "end": edge}
    )
    assert response.status_code < 500


# --- the council report form -----------------------------------------------------


@pytest.mark.parametrize("edge", ["0001-01-01", "9999-12-31", "01.01.0001", "31.12.9999"])
def test_the_council_report_form_shows_a_field_error_for_a_date_at_the_edge(
    client, admin_user, edge
):
    client.force_login(admin_user)
    response = client.get("/reports/council/", {"from": edge, "to": edge})
    assert response.status_code == 400
    form = response.context["form"]
    assert "from" in form.errors and "to" in form.errors
    assert "Datoen må vere mellom" in response.content.decode()


# --- records through the API and pages ---------------------------------------------


@pytest.mark.parametrize("field", ["ip_date", "crisis_plan_date"])
@pytest.mark.parametrize("edge", EDGES)
def test_a_plan_date_outside_its_window_is_a_400_in_the_api(coordinator, service_user, field, edge):
    response = api_as(coordinator).patch(
        f"/api/v1/service-users/{service_user.pk}/", {field: edge}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    service_user.refresh_from_db()
    assert getattr(service_user, field) is None


def test_a_plan_date_outside_its_window_is_a_field_error_on_the_page(
    client, coordinator, service_user
):
    client.force_login(coordinator)
    url = reverse("municipalities:serviceuser_update", args=[service_user.pk])
    form = client.get(url).context["form"]
    data = {
        name: ("" if value is None else getattr(value, "pk", value))
        for name, value in form.initial.items()
        if name in form.fields
    }
    data["ip_date"] = "31.12.9999"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ip_date" in response.context["form"].errors


@pytest.mark.parametrize("edge", EDGES)
def test_a_stay_cannot_start_at_the_edge_of_the_calendar(lead, residence, edge):
    application = factories.ApplicationFactory(residence=residence)
    response = api_as(lead).post(
        f"/api/v1/applications/{application.pk}/admit/", {"start": edge}, format="json"
    )
    assert response.status_code in (400, 404, 409)
    if response.status_code == 400:
        assert "start" in response.json() or "detail" in response.json()
