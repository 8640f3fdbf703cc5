"""An application's page and its decisions: offer, accept, decline, withdraw."""

import datetime

import pytest
from django.urls import reverse

from bops.audit import AccessLog
from capacity.models import Application
from tests.capacity.conftest import place
from tests.capacity.views_helpers import applicant, resident, today  # noqa: F401

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def application(residence, home):
    return applicant(residence, home, first_name="Ola", last_name="Søkjar")


def url(name, application):
    return reverse(f"capacity:{name}", args=[application.pk])


def test_staff_offer_a_free_place_until_a_day(client, staff, application, residence):
    client.force_login(staff)
    response = client.post(
        url("offer", application),
        {"offer-place": place(residence, "A2").pk, "offer-valid_until": "17.03.2026"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.OFFERED
    assert application.offered_place.code == "A2"
    assert application.offer_valid_until == datetime.date(2026, 3, 17)
    assert "Plass A2 vart tilboden fram til 17.03.2026" in client.get(response.url).content.decode()


def test_an_offer_that_ran_out_before_today_is_a_field_error_and_nothing_is_saved(
    client, staff, application, residence
):
    client.force_login(staff)
    response = client.post(
        url("offer", application),
        {"offer-place": place(residence, "A2").pk, "offer-valid_until": "01.03.2026"},
    )
    assert response.status_code == 400
    assert 'id="id_offer-valid_until_error"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.WAITING


def test_a_taken_place_cannot_be_offered(client, staff, application, residence, home):
    resident(residence, "A1", home)
    client.force_login(staff)
    response = client.post(
        url("offer", application),
        {"offer-place": place(residence, "A1").pk, "offer-valid_until": "17.03.2026"},
    )
    assert response.status_code == 400
    assert 'id="id_offer-place_error"' in response.content.decode()


def test_when_someone_decided_first_the_page_says_so_and_shows_the_current_state(
    client, staff, application, residence
):

    application.decline(by=staff, reason="not_eligible", note="Ikkje aktuelt.")
    client.force_login(staff)
    response = client.post(
        url("offer", application),
        {"offer-place": place(residence, "A2").pk, "offer-valid_until": "17.03.2026"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "avslått" in html
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED


def test_declining_needs_a_reason(client, staff, application):
    client.force_login(staff)
    response = client.post(url("decline", application), {"decline-note": ""})
    assert response.status_code == 400
    assert 'id="id_decline-reason_error"' in response.content.decode()
    assert "Vel grunnen." in response.content.decode()
    response = client.post(url("decline", application), {"decline-reason": "other"})
    assert response.status_code == 400
    assert 'id="id_decline-note_error"' in response.content.decode()
    assert "Skildra grunnen når du vel anna." in response.content.decode()
    response = client.post(
        url("decline", application),
        {"decline-reason": "other", "decline-note": "Treng anna tilbod."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED
    assert application.decision_note == "Treng anna tilbod."


def test_the_coordinator_accepts_an_offer_on_the_persons_behalf(
    client, staff, coordinator, application, residence
):
    application.offer(
        place=place(residence, "A2"), valid_until=datetime.date(2026, 3, 17), by=staff
    )
    client.force_login(coordinator)
    html = client.get(url("application", application)).content.decode()
    assert url("accept", application) in html
    assert client.post(url("accept", application)).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert application.decided_by == coordinator


def test_residence_staff_may_not_accept_an_offer_on_the_persons_behalf(
    client, staff, application, residence
):
    application.offer(
        place=place(residence, "A2"), valid_until=datetime.date(2026, 3, 17), by=staff
    )
    client.force_login(staff)
    assert (
        url("accept", application)
        not in client.get(url("application", application)).content.decode()
    )
    assert client.post(url("accept", application)).status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.OFFERED


def test_a_read_only_coordinator_may_not_answer_an_offer(
    client, staff, reader, application, residence
):
    application.offer(
        place=place(residence, "A2"), valid_until=datetime.date(2026, 3, 17), by=staff
    )
    client.force_login(reader)
    assert client.post(url("accept", application)).status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.OFFERED


def test_the_coordinator_declines_an_offer_with_a_reason(
    client, staff, coordinator, application, residence
):
    application.offer(
        place=place(residence, "A2"), valid_until=datetime.date(2026, 3, 17), by=staff
    )
    client.force_login(coordinator)
    response = client.post(url("decline_offer", application), {"decline_offer-note": ""})
    assert response.status_code == 400
    assert 'id="id_decline_offer-reason_error"' in response.content.decode()
    response = client.post(
        url("decline_offer", application),
        {"decline_offer-reason": "person_declined", "decline_offer-note": "Vil bu heime."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED
    assert application.decision_note == "Vil bu heime."


def test_the_page_shows_the_history_of_the_application(
    client, staff, coordinator, application, residence
):
    application.offer(
        place=place(residence, "A2"), valid_until=datetime.date(2026, 3, 17), by=staff
    )
    application.accept_offer(by=coordinator, note="Takkar ja.")
    client.force_login(staff)
    html = client.get(url("application", application)).content.decode()
    history = html[html.index('id="history-title"') :]
    assert history.index("tilbode plass") < history.index("Takkar ja.")


def test_the_applying_coordinator_may_withdraw_but_not_offer(
    client, coordinator, application, residence
):
    client.force_login(coordinator)
    html = client.get(url("application", application)).content.decode()
    assert url("withdraw", application) in html
    assert url("offer", application) not in html
    response = client.post(
        url("offer", application),
        {"offer-place": place(residence, "A2").pk, "offer-valid_until": "17.03.2026"},
    )
    assert response.status_code == 403
    response = client.post(
        url("withdraw", application), {"withdraw-reason": "moved", "withdraw-note": "Flytta."}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_a_read_only_member_sees_the_application_but_may_not_decide(
    client, staff_reader, application
):
    client.force_login(staff_reader)
    response = client.get(url("application", application))
    assert response.status_code == 200
    assert url("decline", application) not in response.content.decode()
    assert client.post(url("decline", application), {"decline-note": "x"}).status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.WAITING


def test_an_outsider_gets_404_for_the_application_and_its_decisions(client, outsider, application):
    client.force_login(outsider)
    assert client.get(url("application", application)).status_code == 404
    assert client.post(url("withdraw", application), {"withdraw-note": "x"}).status_code == 404


def test_the_decisions_are_post_only(client, staff, application):
    client.force_login(staff)
    assert client.get(url("decline", application)).status_code == 405


def test_viewing_an_application_is_logged(client, staff, application):
    client.force_login(staff)
    client.get(url("application", application))
    assert AccessLog.objects.filter(
        user=staff, service_user=application.service_user, action=AccessLog.Action.VIEW
    ).exists()


def test_the_waiting_list_shows_positions_and_days_waited(client, staff, residence, home):
    late = applicant(residence, home, applied_on=datetime.date(2026, 2, 20), first_name="Seinare")
    urgent = applicant(
        residence, home, applied_on=datetime.date(2026, 3, 1), priority=1, first_name="Hast"
    )
    client.force_login(staff)
    html = client.get(reverse("capacity:waiting_list", args=[residence.pk])).content.decode()
    assert html.index(urgent.service_user.full_name) < html.index(late.service_user.full_name)
    assert 'data-label="Dagar venta">18</td>' in html  # 20.02 → 10.03
    assert url("admit", late) in html


def test_a_coordinator_sees_only_their_applications_with_the_position_in_the_whole_queue(
    client, coordinator, residence, home, elsewhere
):
    first = applicant(
        residence, elsewhere, applied_on=datetime.date(2026, 1, 2), first_name="Framand"
    )
    mine = applicant(residence, home, applied_on=datetime.date(2026, 2, 2), first_name="Eigen")
    client.force_login(coordinator)
    html = client.get(reverse("capacity:waiting_list", args=[residence.pk])).content.decode()
    assert first.service_user.full_name not in html
    assert mine.service_user.full_name in html
    assert 'data-label="Plass i køen">2</td>' in html
    assert url("admit", mine) not in html


@pytest.mark.parametrize("count", [2, 12])
def test_the_waiting_list_query_count_does_not_grow_with_rows(
    client, staff, residence, home, count, django_assert_max_num_queries
):
    for day in range(count):
        applicant(residence, home, applied_on=datetime.date(2026, 1, 1 + day))
    client.force_login(staff)
    with django_assert_max_num_queries(11):
        assert client.get(reverse("capacity:waiting_list", args=[residence.pk])).status_code == 200
