"""The occupancy timeline: a chart, a table, field errors, a fixed query count."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.capacity.views_helpers import resident, today  # noqa: F401

pytestmark = pytest.mark.usefixtures("today")


def url(residence, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("capacity:occupancy", args=[residence.pk]) + (f"?{query}" if query else "")


def test_it_shows_the_last_90_days_as_a_chart_and_a_table(client, staff, residence, home):
    resident(residence, "A1", home, start=datetime.date(2026, 3, 1))
    client.force_login(staff)
    response = client.get(url(residence))
    assert response.status_code == 200
    days = response.context["days"]
    assert len(days) == 90
    assert days[-1].date == datetime.date(2026, 3, 10)
    assert days[-1].occupied == 1
    html = response.content.decode()
    assert 'role="img"' in html
    assert html.count('<tr><th scope="row">') == 90
    assert not re.search(r"\sstyle=", html)


def test_a_chosen_period_is_shown_day_by_day(client, coordinator, residence, home):
    resident(residence, "A1", home, start=datetime.date(2026, 2, 2))
    client.force_login(coordinator)
    response = client.get(url(residence, start="01.02.2026", end="03.02.2026"))
    assert [d.occupied for d in response.context["days"]] == [0, 1, 1]
    assert "01.02.2026" in response.content.decode()


def test_a_period_that_ends_before_it_starts_is_a_field_error(client, staff, residence):
    client.force_login(staff)
    response = client.get(url(residence, start="10.03.2026", end="01.03.2026"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_end_error"' in html
    assert 'value="10.03.2026"' in html
    assert 'role="img"' not in html


def test_a_day_that_does_not_exist_is_a_field_error(client, staff, residence):
    client.force_login(staff)
    response = client.get(url(residence, start="30.02.2026", end="01.03.2026"))
    assert response.status_code == 400
    assert 'id="id_start_error"' in response.content.decode()


@pytest.mark.parametrize("end", ["16.03.2026", "31.12.2026"])
def test_the_query_count_does_not_grow_with_the_period(
    client, staff, residence, home, end, django_assert_max_num_queries
):
    resident(residence, "A1", home)
    client.force_login(staff)
    with django_assert_max_num_queries(9):
        assert client.get(url(residence, start="10.03.2026", end=end)).status_code == 200
