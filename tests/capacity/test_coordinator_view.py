"""What the coordinator sees of their person's application: status, place in
the queue, days waited, the expected wait, and an offer to answer."""

import datetime

import pytest
from django.urls import reverse

from capacity.models import Application
from tests import factories
from tests.capacity.conftest import place
from tests.capacity.views_helpers import applicant, today  # noqa: F401

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def history(residence, elsewhere):
    """Three past admissions at normal priority: 20, 40 and 90 days waited."""
    for waited in (20, 40, 90):
        admitted = factories.ApplicationFactory(
            residence=residence,
            service_user=factories.ServiceUserFactory(home_municipality=elsewhere),
            applied_on=datetime.date(2025, 6, 1),
        )
        Application.objects.filter(pk=admitted.pk).update(
            status=Application.Status.ADMITTED,
            admitted_on=datetime.date(2025, 6, 1) + datetime.timedelta(days=waited),
            waiting_days=waited,
        )


@pytest.fixture
def mine(residence, home, history):
    return applicant(
        residence,
        home,
        applied_on=datetime.date(2026, 2, 8),
        first_name="Eigen",
        last_name="Søkjar",
    )


def person_page(client, application):
    url = reverse("municipalities:serviceuser_detail", args=[application.service_user_id])
    return client.get(url).content.decode()


def test_the_person_page_shows_status_position_days_waited_and_expected_wait(
    client, coordinator, mine
):
    client.force_login(coordinator)
    html = person_page(client, mine)
    assert "ventar" in html
    assert '<td class="num">30</td>' in html  # 08.02 → 10.03
    assert "om lag 40 dagar (median av dei siste 3 innflyttingane med denne prioriteten)" in html


def test_the_dashboard_shows_the_same_and_an_offer_to_answer(
    client, coordinator, staff, mine, residence
):
    mine.offer(place=place(residence, "A3"), valid_until=datetime.date(2026, 3, 17), by=staff)
    client.force_login(coordinator)
    html = client.get("/").content.decode()
    assert "Eigen Søkjar" in html
    assert "nr. 1 i køen, venta 30 dagar" in html
    assert "Plass A3 tilboden fram til 17.03.2026" in html
    assert "Svar på tilbodet" in html
    html = person_page(client, mine)
    assert "Svar på tilbodet" in html


def test_residence_staff_see_the_offer_but_no_answer_link(client, staff, mine, residence):
    mine.offer(place=place(residence, "A3"), valid_until=datetime.date(2026, 3, 17), by=staff)
    client.force_login(staff)
    html = person_page(client, mine)
    assert "Plass A3 tilboden fram til 17.03.2026" in html
    assert "Svar på tilbodet" not in html


def test_a_read_only_coordinator_sees_the_queue_but_cannot_answer(
    client, reader, staff, mine, residence
):
    mine.offer(place=place(residence, "A3"), valid_until=datetime.date(2026, 3, 17), by=staff)
    client.force_login(reader)
    html = person_page(client, mine)
    assert "Plass A3 tilboden fram til 17.03.2026" in html
    assert "Svar på tilbodet" not in html


def test_an_outsider_sees_nothing_of_it(client, outsider, mine):
    client.force_login(outsider)
    url = reverse("municipalities:serviceuser_detail", args=[mine.service_user_id])
    assert client.get(url).status_code == 404
    assert "Eigen Søkjar" not in client.get("/").content.decode()


def test_expected_waits_for_several_priorities_in_one_query_match_one_at_a_time(
    residence, elsewhere, history, django_assert_num_queries
):
    for waited in (5, 7):
        urgent = factories.ApplicationFactory(
            residence=residence,
            service_user=factories.ServiceUserFactory(home_municipality=elsewhere),
            applied_on=datetime.date(2025, 6, 1),
            priority=1,
        )
        Application.objects.filter(pk=urgent.pk).update(
            status=Application.Status.ADMITTED,
            admitted_on=datetime.date(2025, 6, 1) + datetime.timedelta(days=waited),
            waiting_days=waited,
        )
    keys = [(residence.pk, priority) for priority in (1, 2, 3)]
    with django_assert_num_queries(1):
        together = Application.objects.expected_waits(keys)
    assert together == {key: Application.objects.expected_wait(*key) for key in keys}
    assert together[(residence.pk, 1)] == (6, 2)
    assert together[(residence.pk, 2)] == (None, 0)
    assert together[(residence.pk, 3)] == (40, 3)
