"""/api/v1/individual-plans/ and the plan-part routes: the contract, scoped
like the pages, for the three personas and the expired participant."""

import pytest
from django.db import IntegrityError, connection, transaction
from rest_framework.test import APIClient

from bops.audit import AccessLog
from municipalities.models import IndividualPlan, PlanHistory
from municipalities.plans.querysets import AppendOnlyError
from tests import factories
from tests.plans.factories import (
    CrisisPlanFactory,
    GoalFactory,
    MeasureFactory,
    MeetingFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def parts(plan, home_service):
    goal = GoalFactory(plan=plan)
    return {
        "individual-plans": plan,
        "plan-goals": goal,
        "plan-measures": MeasureFactory(
            plan=plan, goal=goal, responsible_organisation=home_service
        ),
        "plan-participants": ParticipantFactory(plan=plan, organisation=home_service),
        "plan-meetings": MeetingFactory(plan=plan),
    }


ROUTES = ["individual-plans", "plan-goals", "plan-measures", "plan-participants", "plan-meetings"]


@pytest.mark.parametrize("route", ROUTES)
def test_the_coordinator_lists_and_reads_each_route(route, parts, plan, coordinator):
    listed = api(coordinator).get(
        f"/api/v1/{route}/", {"plan": plan.pk} if route != "individual-plans" else {}
    )
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [parts[route].pk]
    detail = api(coordinator).get(f"/api/v1/{route}/{parts[route].pk}/")
    assert detail.status_code == 200
    assert AccessLog.objects.filter(user=coordinator, service_user=plan.service_user).exists()


@pytest.mark.parametrize("route", ROUTES)
def test_the_reader_reads_but_cannot_change(route, parts, reader):
    assert api(reader).get(f"/api/v1/{route}/{parts[route].pk}/").status_code == 200
    assert (
        api(reader).patch(f"/api/v1/{route}/{parts[route].pk}/", {}, format="json").status_code
        == 403
    )


@pytest.mark.parametrize("route", ROUTES)
def test_an_outsider_gets_404_and_an_empty_list(route, parts, outsider):
    assert api(outsider).get(f"/api/v1/{route}/{parts[route].pk}/").status_code == 404
    assert api(outsider).get(f"/api/v1/{route}/").json()["results"] == []


@pytest.mark.parametrize("route", ROUTES)
def test_an_expired_participant_gets_404(route, parts, expired_clinician):
    assert api(expired_clinician).get(f"/api/v1/{route}/{parts[route].pk}/").status_code == 404


@pytest.mark.parametrize("route", ROUTES)
def test_a_council_reader_gets_404(route, parts, council_reader):
    assert api(council_reader).get(f"/api/v1/{route}/{parts[route].pk}/").status_code == 404


def test_the_detail_nests_goals_measures_participants_and_crisis_plan(parts, plan, coordinator):
    CrisisPlanFactory(plan=plan)
    body = api(coordinator).get(f"/api/v1/individual-plans/{plan.pk}/").json()
    assert {
        "service_user",
        "status",
        "coordinator",
        "decision_date",
        "next_evaluation",
        "owner_statement",
    } <= set(body)
    assert [g["domain"] for g in body["goals"]] == ["activity"]
    assert body["measures"][0]["contact_name"] == "Kari Nordheim"
    assert len(body["participants"]) == 1
    assert body["crisis_plan"]["who_to_call"] == "Legevakt 116 117"


def test_a_new_plan_has_its_creator_as_coordinator_and_a_history(service_user, coordinator):
    response = api(coordinator).post(
        "/api/v1/individual-plans/", {"service_user": service_user.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    plan = IndividualPlan.objects.get(pk=response.json()["id"])
    assert plan.coordinator == coordinator
    assert plan.status == "requested"
    assert plan.history.get().after == {"status": "requested"}


def test_an_outsider_cannot_make_a_plan_for_the_person(service_user, outsider):
    response = api(outsider).post(
        "/api/v1/individual-plans/", {"service_user": service_user.pk}, format="json"
    )
    assert response.status_code == 400
    assert "service_user" in response.json()
    assert not IndividualPlan.objects.exists()


def test_a_status_change_follows_the_rules_and_is_recorded(plan, coordinator):
    client = api(coordinator)
    refused = client.patch(
        f"/api/v1/individual-plans/{plan.pk}/", {"status": "granted"}, format="json"
    )
    assert refused.status_code == 409
    moved = client.patch(
        f"/api/v1/individual-plans/{plan.pk}/", {"status": "under_revision"}, format="json"
    )
    assert moved.status_code == 200
    entry = plan.history.get(subject="status")
    assert (entry.by, entry.before, entry.after) == (
        coordinator,
        {"status": "established"},
        {"status": "under_revision"},
    )


def test_a_goal_needs_one_of_the_eight_domains(plan, coordinator):
    response = api(coordinator).post(
        "/api/v1/plan-goals/",
        {"plan": plan.pk, "text": "Betre søvn", "domain": "sleep"},
        format="json",
    )
    assert response.status_code == 400
    assert "domain" in response.json()


def test_a_goal_edit_from_a_stale_copy_is_a_conflict(plan, coordinator):
    goal = GoalFactory(plan=plan)
    client = api(coordinator)
    first = client.patch(
        f"/api/v1/plan-goals/{goal.pk}/", {"text": "Arbeide tre dagar", "version": 1}, format="json"
    )
    assert first.status_code == 200
    second = client.patch(
        f"/api/v1/plan-goals/{goal.pk}/", {"text": "Arbeide ein dag", "version": 1}, format="json"
    )
    assert second.status_code == 409
    goal.refresh_from_db()
    assert (goal.text, goal.version) == ("Arbeide tre dagar", 2)
    history = PlanHistory.objects.filter(subject="goal", object_id=goal.pk).get()
    assert history.before["text"] == "Ha fast arbeidstrening to dagar i veka"
    assert history.after["text"] == "Arbeide tre dagar"


def test_a_participant_from_a_unit_in_bops_is_added_and_recorded(plan, coordinator, home):
    dps = factories.dps_for(home, name="DPS Indre Sogn")
    response = api(coordinator).post(
        "/api/v1/plan-participants/",
        {
            "plan": plan.pk,
            "organisation": dps.pk,
            "role": "specialist",
            "access_from": "2025-02-01",
            "access_until": "2025-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "access_until" in response.json()
    response = api(coordinator).post(
        "/api/v1/plan-participants/",
        {
            "plan": plan.pk,
            "organisation": dps.pk,
            "role": "specialist",
            "access_from": "2025-02-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert PlanHistory.objects.filter(subject="participant").count() == 1


def test_the_history_refuses_changes_in_the_model(plan, coordinator):
    entry = PlanHistory.objects.create(
        plan=plan, by=coordinator, subject="status", after={"status": "x"}
    )
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        PlanHistory.objects.all().delete()


@pytest.mark.postgres
def test_the_database_refuses_to_change_or_delete_history(plan, coordinator):
    entry = PlanHistory.objects.create(
        plan=plan, by=coordinator, subject="status", after={"status": "x"}
    )
    for sql in (
        "UPDATE municipalities_planhistory SET after = '{}' WHERE id = %s",
        "DELETE FROM municipalities_planhistory WHERE id = %s",
    ):
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert PlanHistory.objects.get(pk=entry.pk).after == {"status": "x"}


def test_the_list_costs_the_same_number_of_queries_for_one_and_five_plans(coordinator, home):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    from tests.plans.factories import PlanFactory

    def count():
        fresh = type(coordinator).objects.get(pk=coordinator.pk)  # no cached grants
        with CaptureQueriesContext(conn) as queries:
            assert api(fresh).get("/api/v1/individual-plans/").status_code == 200
        return len(queries)

    PlanFactory(
        service_user=factories.ServiceUserFactory(home_municipality=home), coordinator=coordinator
    )
    one = count()
    for _ in range(4):
        PlanFactory(
            service_user=factories.ServiceUserFactory(home_municipality=home),
            coordinator=coordinator,
        )
    assert count() == one
