"""The residence on the dashboards, the service-user page and the menu."""

import datetime

import pytest
from django.urls import reverse

from bops.audit import AccessLog
from tests import factories
from tests.capacity.views_helpers import applicant, resident, today  # noqa: F401

pytestmark = pytest.mark.usefixtures("today")


def test_the_residence_lead_dashboard_shows_occupancy_board_chart_and_waiting_list(
    client, staff, residence, home
):
    resident(residence, "A1", home, first_name="Bur", last_name="Her")
    waiting = applicant(residence, home, first_name="Ventar", last_name="Først")
    client.force_login(staff)
    response = client.get("/")
    html = response.content.decode()
    assert response.context["residence_today"].occupied == 1
    assert "1 / 6" in html
    assert 'id="residence-chart"' in html
    assert 'class="place-board"' in html
    assert "Bur Her" in html
    # Five free places: the first on the waiting list is an application to decide.
    assert response.context["residence_to_decide"] == [waiting]
    assert reverse("capacity:admit", args=[waiting.pk]) in html
    logged = set(
        AccessLog.objects.filter(user=staff, action=AccessLog.Action.LIST).values_list(
            "service_user__first_name", flat=True
        )
    )
    assert logged == {"Bur", "Ventar"}


@pytest.mark.parametrize("count", [1, 5])
def test_the_residence_lead_dashboard_query_count_does_not_grow(
    client, staff, residence, home, count, django_assert_max_num_queries
):
    for code in ["A1", "A2", "A3", "A4", "B1"][:count]:
        resident(residence, code, home)
    for day in range(count):
        applicant(residence, home, applied_on=datetime.date(2026, 2, 1 + day))
    client.force_login(staff)
    # +1: the residence's inbox of admission referrals (referrals/dashboards.py);
    # +1: whether a council's region holds the residence (the report link).
    with django_assert_max_num_queries(16):
        assert client.get("/").status_code == 200


def test_the_council_reader_dashboard_links_to_the_report_and_names_nobody(
    client, council_reader, residence, home
):
    stay = resident(residence, "A1", home)
    client.force_login(council_reader)
    html = client.get("/").content.decode()
    assert reverse("reports:council") in html
    assert stay.service_user.full_name not in html
    assert reverse("capacity:home") not in html  # no residence menu item


def test_the_coordinator_dashboard_lists_my_applications_with_positions(
    client, coordinator, residence, home, elsewhere
):
    applicant(residence, elsewhere, applied_on=datetime.date(2026, 1, 2), first_name="Framand")
    mine = applicant(residence, home, applied_on=datetime.date(2026, 2, 2), first_name="Eigen")
    client.force_login(coordinator)
    response = client.get("/")
    assert response.context["coordinator_applications"] == [mine]
    assert response.context["coordinator_applications"][0].position == 2
    html = response.content.decode()
    assert "Framand" not in html
    assert reverse("capacity:application", args=[mine.pk]) in html
    assert reverse("capacity:home") in html  # the menu item


def test_a_persons_page_shows_their_applications_and_stays(client, coordinator, residence, home):
    stay = resident(residence, "A1", home)
    factories.ApplicationFactory(
        residence=residence, service_user=stay.service_user, applied_on=datetime.date(2025, 11, 3)
    )
    client.force_login(coordinator)
    html = client.get(
        reverse("municipalities:serviceuser_detail", args=[stay.service_user.pk])
    ).content.decode()
    assert "03.11.2025" in html
    assert residence.name in html
    assert "01.01.2026" in html
