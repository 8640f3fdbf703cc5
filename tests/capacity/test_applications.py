"""Applications: offers, answers, expiry and the waiting list."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, transaction

from bops.errors import Conflict, IllegalTransition, InvalidInput
from capacity import services
from capacity.models import Application
from tests import factories
from tests.capacity.conftest import place

D = datetime.date
S = Application.Status


@pytest.fixture
def application(residence, service_user):
    return factories.ApplicationFactory(residence=residence, service_user=service_user)


def test_a_person_has_at_most_one_open_application_per_residence(application):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ApplicationFactory(
            residence=application.residence,
            service_user=application.service_user,
            referral=application.referral,
        )


def test_a_closed_application_does_not_block_a_new_one(application, staff):
    application.withdraw(by=staff, reason="moved", note="Flytta")
    again = factories.ApplicationFactory(
        residence=application.residence,
        service_user=application.service_user,
        referral=application.referral,
    )
    assert again.status == S.WAITING


@time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0), tick=False)
def test_an_offer_holds_a_place_until_its_last_day(application, residence, staff):
    application.offer(place=place(residence, "A2"), valid_until=D(2026, 3, 9), by=staff)
    application.refresh_from_db()
    assert application.status == S.OFFERED
    assert application.offered_place.code == "A2"
    assert application.offer_valid_until == D(2026, 3, 9)
    assert application.decided_by == staff


def test_it_refuses_to_offer_a_taken_place(application, residence, staff):
    factories.StayFactory(place=place(residence, "A1"), start=D(2026, 1, 12))
    with pytest.raises(Conflict, match=r"place A1 is taken from 12\.01\.2026"):
        application.offer(place=place(residence, "A1"), valid_until=D(2099, 1, 1), by=staff)
    application.refresh_from_db()
    assert application.status == S.WAITING


@time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0), tick=False)
def test_it_refuses_an_offer_that_ends_in_the_past(application, residence, staff):
    with pytest.raises(InvalidInput, match="valid until today or later"):
        application.offer(place=place(residence, "A1"), valid_until=D(2026, 3, 1), by=staff)


def test_an_offered_application_cannot_be_offered_again(application, residence, staff):
    application.offer(place=place(residence, "A1"), valid_until=D(2099, 1, 1), by=staff)
    with pytest.raises(IllegalTransition, match="offered a place cannot become offered"):
        application.offer(place=place(residence, "A2"), valid_until=D(2099, 1, 1), by=staff)


def test_the_coordinator_accepts_or_declines_an_offer_on_the_persons_behalf(
    residence, staff, coordinator, home
):
    first, second = (
        factories.ApplicationFactory(
            residence=residence,
            service_user=factories.ServiceUserFactory(home_municipality=home),
        )
        for _ in range(2)
    )
    first.offer(place=place(residence, "A1"), valid_until=D(2099, 1, 1), by=staff)
    second.offer(place=place(residence, "A2"), valid_until=D(2099, 1, 1), by=staff)
    first.accept_offer(by=coordinator)
    second.decline_offer(by=coordinator, reason="person_declined", note="Vil bu heime")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.ACCEPTED, S.DECLINED)
    assert second.decision_note == "Vil bu heime"


def test_a_withdrawn_application_cannot_be_admitted(application, staff):
    application.withdraw(by=staff, reason="no_longer_needed")
    with pytest.raises(IllegalTransition, match="withdrawn"):
        services.admit(application, by=staff)


def test_an_offer_not_answered_in_time_expires(application, residence, staff):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0), tick=False):
        application.offer(place=place(residence, "A1"), valid_until=D(2026, 3, 9), by=staff)
    with time_machine.travel(datetime.datetime(2026, 3, 9, 20, 0), tick=False):
        assert services.expire_offers() == 0
    with time_machine.travel(datetime.datetime(2026, 3, 10, 6, 0), tick=False):
        out = io.StringIO()
        call_command("expire_offers", stdout=out)
    application.refresh_from_db()
    assert application.status == S.EXPIRED
    assert "1 offer(s) expired" in out.getvalue()


def test_an_expired_offer_frees_its_place(application, residence, staff, service_user):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0), tick=False):
        application.offer(place=place(residence, "A1"), valid_until=D(2026, 3, 9), by=staff)
    with time_machine.travel(datetime.datetime(2026, 3, 10, 6, 0), tick=False):
        services.expire_offers()
        stay = services.admit(factories.ServiceUserFactory(), residence=residence)
    assert stay.place.code == "A1"


def test_accepting_too_late_expires_the_offer(application, residence, staff, coordinator):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0), tick=False):
        application.offer(place=place(residence, "A1"), valid_until=D(2026, 3, 9), by=staff)
    with (
        time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0), tick=False),
        pytest.raises(IllegalTransition, match=r"ran out on 09\.03\.2026"),
    ):
        application.accept_offer(by=coordinator)
    application.refresh_from_db()
    assert application.status == S.EXPIRED


@time_machine.travel(datetime.datetime(2026, 4, 1, 9, 0), tick=False)
def test_the_waiting_list_is_ordered_by_priority_then_application_date(residence, staff):
    normal_early = factories.ApplicationFactory(residence=residence, applied_on=D(2026, 1, 2))
    urgent_late = factories.ApplicationFactory(
        residence=residence, applied_on=D(2026, 3, 20), priority=Application.Priority.URGENT
    )
    high = factories.ApplicationFactory(
        residence=residence, applied_on=D(2026, 2, 1), priority=Application.Priority.HIGH
    )
    normal_late = factories.ApplicationFactory(residence=residence, applied_on=D(2026, 3, 1))
    withdrawn = factories.ApplicationFactory(residence=residence, applied_on=D(2025, 12, 1))
    withdrawn.withdraw(by=staff, reason="no_longer_needed")

    rows = list(Application.objects.waiting_list(residence))
    assert [a.pk for a in rows] == [urgent_late.pk, high.pk, normal_early.pk, normal_late.pk]
    assert [a.position for a in rows] == [1, 2, 3, 4]
    assert [a.days_waited for a in rows] == [12, 59, 89, 31]


@time_machine.travel(datetime.datetime(2026, 4, 1, 9, 0), tick=False)
def test_a_coordinator_sees_the_true_queue_position_of_their_own_applicant(
    residence, coordinator, home, elsewhere
):
    for day in (1, 2, 3):
        factories.ApplicationFactory(
            residence=residence,
            service_user=factories.ServiceUserFactory(home_municipality=elsewhere),
            applied_on=D(2026, 1, day),
        )
    own = factories.ApplicationFactory(
        residence=residence,
        service_user=factories.ServiceUserFactory(home_municipality=home),
        applied_on=D(2026, 1, 4),
    )
    rows = list(Application.objects.for_user(coordinator).waiting_list(residence))
    assert [(a.pk, a.position) for a in rows] == [(own.pk, 4)]


def test_days_waited_until_admission_are_kept(application, staff):
    services.admit(application, start=D(2026, 2, 4), by=staff)
    row = Application.objects.with_days_waited(D(2030, 1, 1)).get(pk=application.pk)
    assert row.days_waited == 30
