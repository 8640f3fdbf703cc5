"""Overdue plan evaluations in the daily digest: the coordinator's service
gets one line per plan, with the plan's number and the date only."""

import datetime

import time_machine
from django.core import mail

from tests import factories
from tests.plans.factories import PlanFactory
from tests.referrals.test_digest import run

DAY = datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)


def test_the_coordinators_service_is_mailed_each_overdue_evaluation_without_a_name(
    service_user, coordinator, home_service
):
    late = PlanFactory(
        service_user=service_user,
        coordinator=coordinator,
        next_evaluation=datetime.date(2026, 1, 5),
    )
    neighbour = factories.ServiceUserFactory(home_municipality=service_user.home_municipality)
    other = factories.ServiceUserFactory(home_municipality=service_user.home_municipality)
    PlanFactory(
        service_user=neighbour,
        coordinator=coordinator,
        status="closed",
        next_evaluation=datetime.date(2025, 12, 1),
    )
    PlanFactory(
        service_user=other, coordinator=coordinator, next_evaluation=datetime.date(2026, 2, 1)
    )
    with time_machine.travel(DAY):
        output = run()
    line = f"evaluering av plan #{late.pk} skulle vore gjord 05.01.2026"
    assert line in output
    assert "1 evaluering(ar) av plan på overtid" in output
    assert output.count("05.01.2026") == 1 and "01.12.2025" not in output
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert coordinator.email in message.to
    assert home_service.name in message.subject
    assert line in message.body
    for personal in (service_user.first_name, service_user.last_name, service_user.national_id):
        assert personal not in message.body and personal not in message.subject


def test_a_plan_evaluated_on_time_is_not_in_the_digest(service_user, coordinator):
    PlanFactory(
        service_user=service_user,
        coordinator=coordinator,
        next_evaluation=datetime.date(2026, 3, 1),
    )
    with time_machine.travel(DAY):
        output = run()
    assert mail.outbox == []
    assert "#" not in output
