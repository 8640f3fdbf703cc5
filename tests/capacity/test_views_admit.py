"""The admit and discharge forms: a refusal is a clear message, never half-saved."""

import datetime

import pytest
from django.urls import reverse

from capacity.models import Application, Stay
from referrals.choices import Status
from tests.capacity.conftest import place
from tests.capacity.views_helpers import applicant, resident, today  # noqa: F401

pytestmark = pytest.mark.usefixtures("today")

ALL = ["A1", "A2", "A3", "A4", "B1", "B2"]


@pytest.fixture
def application(residence, home):
    return applicant(residence, home, first_name="Ola", last_name="Søkjar")


def admit(application):
    return reverse("capacity:admit", args=[application.pk])


def test_the_first_free_place_and_today_are_pre_selected(
    client, staff, application, residence, home
):
    resident(residence, "A1", home)
    client.force_login(staff)
    response = client.get(admit(application))
    form = response.context["form"]
    assert form.initial["place"] == place(residence, "A2").pk
    assert form.initial["start"] == "10.03.2026"


def test_staff_admit_and_the_board_shows_the_new_resident(client, staff, application, residence):
    client.force_login(staff)
    response = client.post(
        admit(application), {"place": place(residence, "A3").pk, "start": "10.03.2026"}
    )
    assert response.status_code == 302
    stay = Stay.objects.get(service_user=application.service_user)
    assert stay.place.code == "A3"
    application.refresh_from_db()
    assert application.status == Application.Status.ADMITTED
    assert application.referral.status == Status.STARTED
    html = client.get(response.url).content.decode()
    assert "Ola Søkjar" in html
    assert "Ola Søkjar er skriven inn på plass A3 frå 10.03.2026." in html


def test_a_full_residence_is_a_clear_message_and_nothing_is_saved(
    client, staff, application, residence, home
):
    for code in ALL:
        resident(residence, code, home)
    client.force_login(staff)
    response = client.post(
        admit(application), {"place": place(residence, "A1").pk, "start": "10.03.2026"}
    )
    assert response.status_code == 409
    assert "bufellesskapet er fullt" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.WAITING
    assert not Stay.objects.filter(service_user=application.service_user).exists()


def test_a_taken_place_names_the_day_it_is_taken_from(client, staff, application, residence, home):
    resident(residence, "B1", home, start=datetime.date(2026, 4, 1))
    client.force_login(staff)
    response = client.post(
        admit(application), {"place": place(residence, "B1").pk, "start": "10.03.2026"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "plass B1 er oppteken frå 01.04.2026" in html
    assert 'class="error-summary"' in html
    assert 'value="10.03.2026"' in html  # what was typed is kept


def test_a_bad_date_is_a_field_error(client, staff, application, residence):
    client.force_login(staff)
    response = client.post(
        admit(application), {"place": place(residence, "A1").pk, "start": "31.02.2026"}
    )
    assert response.status_code == 400
    assert 'id="id_start_error"' in response.content.decode()
    assert not Stay.objects.exists()


def test_who_may_admit(client, staff_reader, coordinator, outsider, application, residence):
    data = {"place": place(residence, "A1").pk, "start": "10.03.2026"}
    for user, status in ((staff_reader, 403), (coordinator, 403), (outsider, 404)):
        client.force_login(user)
        assert client.get(admit(application)).status_code == status
        assert client.post(admit(application), data).status_code == status
    assert not Stay.objects.exists()


def discharge(stay):
    return reverse("capacity:discharge", args=[stay.pk])


def test_staff_discharge_with_a_day_and_a_reason(client, staff, residence, home):
    stay = resident(residence, "A1", home)
    client.force_login(staff)
    response = client.post(discharge(stay), {"end": "10.03.2026", "reason": "planned"})
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.end == datetime.date(2026, 3, 10)
    assert stay.end_reason == "planned"


def test_a_discharge_before_the_stay_started_is_a_field_error(client, staff, residence, home):
    stay = resident(residence, "A1", home)
    client.force_login(staff)
    response = client.post(discharge(stay), {"end": "01.01.2026", "reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_end_error"' in html
    assert 'id="id_reason_error"' in html
    stay.refresh_from_db()
    assert stay.end is None


def test_a_stay_that_already_ended_is_a_clear_message(client, staff, residence, home):
    from capacity import services

    stay = resident(residence, "A1", home)
    client.force_login(staff)
    services.discharge(stay, datetime.date(2026, 3, 1), "planned", by=staff)
    response = client.post(discharge(stay), {"end": "10.03.2026", "reason": "planned"})
    assert response.status_code == 409
    assert "01.03.2026" in response.content.decode()


def test_who_may_discharge(client, staff_reader, coordinator, outsider, residence, home):
    stay = resident(residence, "A1", home)
    for user, status in ((staff_reader, 403), (coordinator, 403), (outsider, 404)):
        client.force_login(user)
        assert (
            client.post(discharge(stay), {"end": "10.03.2026", "reason": "planned"}).status_code
            == status
        )
    stay.refresh_from_db()
    assert stay.end is None
