"""The coordinator's dashboard shows overdue evaluations and action items;
the person's page shows the plan in place of the old IP fields."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from bops.audit import AccessLog
from tests.plans.factories import ActionItemFactory, MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.date(2026, 7, 1), tick=False):
        yield


def test_the_dashboard_lists_an_overdue_evaluation_and_my_overdue_item(client, plan, coordinator):
    meeting = MeetingFactory(plan=plan)
    ActionItemFactory(meeting=meeting, owner=coordinator, text="Søkje om støttekontakt")
    ActionItemFactory(meeting=meeting, owner=coordinator, text="Ferdig sak", done_on="2026-01-10")
    client.force_login(coordinator)
    html = client.get("/").content.decode()
    assert plan.service_user.full_name in html
    assert "01.06.2026" in html  # the evaluation date that passed
    assert "Søkje om støttekontakt" in html
    assert "Ferdig sak" not in html
    assert AccessLog.objects.filter(service_user=plan.service_user, user=coordinator).exists()


def test_the_dashboard_is_quiet_when_nothing_is_overdue(client, plan, coordinator):
    plan.next_evaluation = datetime.date(2026, 12, 1)
    plan.save()
    client.force_login(coordinator)
    html = client.get("/").content.decode()
    assert "Søkje om støttekontakt" not in html
    assert plan.service_user.full_name not in html or "01.12.2026" not in html


def test_the_person_page_links_to_the_plan_with_status_and_group(client, plan, coordinator):
    ParticipantFactory(plan=plan, name="Fastlege Hansen", role="gp")
    client.force_login(coordinator)
    html = client.get(reverse("municipalities:serviceuser_detail", args=[plan.service_user.pk]))
    html = html.content.decode()
    assert reverse("plans:plan_detail", args=[plan.pk]) in html
    assert "Fastlege Hansen" in html
    assert "01.06.2026" in html


def test_the_person_page_offers_a_new_plan_when_there_is_none(client, service_user, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("municipalities:serviceuser_detail", args=[service_user.pk]))
    assert reverse("plans:plan_create", args=[service_user.pk]) in html.content.decode()
