"""A date of death or a move out of the region closes the person's open
referrals and applications in one transaction: withdrawn with the reason,
an event each, each receiver told, nothing deleted; or none of it."""

import datetime

import pytest
from django.urls import reverse

from capacity.models import Application
from municipalities.hooks import person_left
from referrals.choices import Status
from referrals.models import Referral
from tests import factories

DIED = datetime.date(2026, 2, 3)


@pytest.fixture
def three_open(make, service_user):
    """An open referral to the DPS and an open application to the residence
    with its accepted admission referral: three open requests."""
    to_dps = make("received")
    residence = factories.residence_with_places(2)
    application = factories.ApplicationFactory(residence=residence, service_user=service_user)
    return to_dps, application


def test_a_date_of_death_closes_three_open_requests_with_an_event_each(
    three_open, service_user, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    to_dps, application = three_open
    admission = application.referral
    open_before = Referral.objects.filter(service_user=service_user).open().count()
    open_applications = Application.objects.filter(
        service_user=service_user, status__in=Application.OPEN
    )
    assert open_before + open_applications.count() == 3
    service_user.deceased_on = DIED
    service_user.changed_by = coordinator
    with django_capture_on_commit_callbacks(execute=True):
        service_user.save()
    to_dps.refresh_from_db()
    admission.refresh_from_db()
    application.refresh_from_db()
    assert to_dps.status == Status.WITHDRAWN and to_dps.withdrawal_reason == "deceased"
    assert admission.status == Status.WITHDRAWN and admission.withdrawal_reason == "deceased"
    assert application.status == Application.Status.WITHDRAWN
    assert "died" in application.decision_note or "døydde" in application.decision_note
    last = to_dps.events.order_by("pk").last()
    assert last.by == coordinator and last.to_status == Status.WITHDRAWN
    assert "03.02.2026" in last.note
    # The DPS was told; nothing was deleted.
    assert any("inntak@example.test" in m.to for m in mailoutbox)
    assert Referral.objects.filter(service_user=service_user).count() == 2


def test_when_one_step_fails_nothing_is_closed_and_the_date_is_not_saved(
    three_open, service_user, coordinator
):
    to_dps, application = three_open

    def breaks(person, **kwargs):
        raise RuntimeError("the mail server is down")

    person_left.register(breaks, order=99)
    try:
        service_user.deceased_on = DIED
        service_user.changed_by = coordinator
        with pytest.raises(RuntimeError):
            service_user.save()
    finally:
        person_left.unregister(breaks)
    service_user.refresh_from_db()
    assert service_user.deceased_on is None
    assert Referral.objects.filter(service_user=service_user).open().count() == 2
    application.refresh_from_db()
    assert application.status == Application.Status.WAITING


def test_a_move_out_of_the_region_closes_with_that_reason(make, service_user, coordinator):
    referral = make("sent")
    service_user.moved_out_on = DIED
    service_user.changed_by = coordinator
    service_user.save()
    referral.refresh_from_db()
    assert referral.withdrawal_reason == "moved"


def test_saving_the_person_again_closes_nothing_more(make, service_user, intake):
    service_user.deceased_on = DIED
    service_user.save()
    later = make("draft")
    service_user.first_name = "Endra"
    service_user.save()
    later.refresh_from_db()
    assert later.status == Status.DRAFT


def test_the_coordinator_records_a_date_of_death_on_the_edit_page(
    client, make, service_user, coordinator
):
    referral = make("received")
    client.force_login(coordinator)
    url = reverse("municipalities:serviceuser_update", args=[service_user.pk])
    form = client.get(url).context["form"]
    data = {
        name: value for name, value in form.initial.items() if value is not None and name != "id"
    }
    data["home_municipality"] = service_user.home_municipality_id
    data["deceased_on"] = "03.02.2026"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN
    assert referral.events.order_by("pk").last().by == coordinator


def test_the_api_records_a_move_and_closes_the_referrals(client, make, service_user, coordinator):
    referral = make("received")
    client.force_login(coordinator)
    response = client.patch(
        f"/api/v1/service-users/{service_user.pk}/",
        {"moved_out_on": "2026-02-03"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN and referral.withdrawal_reason == "moved"
