"""Mail to the coordinator's service about an application: offer made,
two working days before it runs out, ran out, admitted. No personal data,
an absolute link."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from capacity import services
from tests import factories
from tests.capacity.conftest import place


@pytest.fixture
def application(residence, service_user, home_service, coordinator, staff):
    coordinator.email = "koordinator@laerdal.example"
    coordinator.save()
    referral = factories.make_referral(
        "accepted",
        sender_user=coordinator,
        receiver_user=staff,
        service_user=service_user,
        sender=home_service,
        receiver=residence.organisation,
        kind="admission",
    )
    return referral.residence_applications.get()


def offer(application, residence, staff, until=datetime.date(2026, 3, 13)):
    application.offer(place=place(residence, "A2"), valid_until=until, by=staff)


def assert_no_personal_data(message, person):
    text = message.subject + message.body
    for secret in (person.first_name, person.last_name, person.national_id):
        assert secret not in text


@time_machine.travel(datetime.datetime(2026, 3, 9, 9, 0), tick=False)
def test_an_offer_mails_the_coordinators_service_with_an_absolute_link(
    application, residence, staff, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://bops.example.no"
    with django_capture_on_commit_callbacks(execute=True):
        offer(application, residence, staff)
    [message] = mailoutbox
    assert message.to == ["koordinator@laerdal.example"]
    assert "13.03.2026" in message.body
    assert f"https://bops.example.no/residence/applications/{application.pk}/" in message.body
    assert_no_personal_data(message, application.service_user)


def test_two_working_days_before_the_last_day_a_reminder_goes_out(
    application, residence, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime.datetime(2026, 3, 9, 9, 0), tick=False):
        offer(application, residence, staff)  # last day Friday 13.03
    mailoutbox.clear()
    with (
        time_machine.travel(datetime.datetime(2026, 3, 10, 6, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.remind_offers() == 0
    with (
        time_machine.travel(datetime.datetime(2026, 3, 11, 6, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("expire_offers")
    [message] = mailoutbox
    assert "the offer runs out soon" in message.subject
    assert_no_personal_data(message, application.service_user)


def test_an_expired_offer_and_an_admission_are_mailed(
    application, residence, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime.datetime(2026, 3, 9, 9, 0), tick=False):
        offer(application, residence, staff, until=datetime.date(2026, 3, 9))
    mailoutbox.clear()
    with (
        time_machine.travel(datetime.datetime(2026, 3, 10, 6, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.expire_offers()
        services.admit(application.service_user, residence=residence, by=staff)
    assert len(mailoutbox) == 1  # expired; the admission was of a closed application
    application.refresh_from_db()
    assert application.status == "expired"


def test_an_admission_is_mailed(
    application, residence, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.admit(application, by=staff, start=datetime.date(2026, 3, 12))
    [message] = mailoutbox
    assert "12.03.2026" in message.body
    assert_no_personal_data(message, application.service_user)


def test_a_rolled_back_offer_sends_nothing(application, residence, staff, mailoutbox):
    factories.StayFactory(place=place(residence, "A2"), start=datetime.date(2026, 1, 1))
    with pytest.raises(Exception, match="A2"):
        offer(application, residence, staff, until=datetime.date(2099, 1, 1))
    assert mailoutbox == []
