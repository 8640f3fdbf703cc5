"""CarePlan and CareTeam: the individual plan and its responsibility group,
with the plan pages' access rule (an expired participant gets 404)."""

# The plan's fixtures (tests/plans/conftest.py) are imported by name and
# used as test arguments, which ruff reads as redefinitions.
# ruff: noqa: F811
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bops.audit import AccessLog
from catalogue.models import Measure as CatalogueMeasure
from catalogue.models import PlanMeasureEntry
from fhir_api import codes
from municipalities.models import IndividualPlan, Participant
from tests import factories
from tests.fhir_api.conftest import api, fhir_ids, json_api_ids
from tests.fhir_api.validation import validate
from tests.plans.conftest import dps, dps_clinician, expired_clinician, plan  # noqa: F401
from tests.plans.factories import (
    CrisisPlanFactory,
    GoalFactory,
    MeasureFactory,
    ParticipantFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db

S = IndividualPlan.Status


@pytest.mark.parametrize(
    ("status", "care_plan", "care_team"),
    [
        (S.REQUESTED, "draft", "proposed"),
        (S.GRANTED, "draft", "proposed"),
        (S.REFUSED, "revoked", "inactive"),
        (S.BEING_PREPARED, "draft", "active"),
        (S.ESTABLISHED, "active", "active"),
        (S.UNDER_REVISION, "active", "active"),
        (S.CLOSED, "completed", "inactive"),
    ],
)
def test_plan_status_maps_to_care_plan_and_care_team_status_and_back(
    coordinator, service_user, status, care_plan, care_team
):
    plan = PlanFactory(
        service_user=service_user,
        coordinator=coordinator,
        status=status,
        refusal_reason="Ikkje behov for fleire tenester" if status == S.REFUSED else "",
    )
    client = api(coordinator)
    resource = client.get(f"/fhir/R4/CarePlan/{plan.pk}").json()
    team = client.get(f"/fhir/R4/CareTeam/{plan.pk}").json()
    validate(resource)
    validate(team)
    assert (resource["status"], team["status"]) == (care_plan, care_team)
    exact = next(e for e in resource["extension"] if e["url"] == codes.EXT_PLAN_STATUS)
    assert exact["valueCoding"]["code"] == status
    # Search by the FHIR status finds the plan.
    assert fhir_ids(client, "CarePlan", f"status={care_plan}") == [str(plan.pk)]
    assert fhir_ids(client, "CareTeam", f"status={care_team}") == [str(plan.pk)]


def test_every_plan_status_has_a_mapping():
    assert set(codes.CARE_PLAN_STATUS) == set(S) == set(codes.CARE_TEAM_STATUS)
    assert set(codes.CARE_PLAN_STATUS.values()) <= set(codes.CARE_PLAN_STATUSES)
    assert set(codes.CARE_TEAM_STATUS.values()) <= set(codes.CARE_TEAM_STATUSES)


@pytest.fixture
def full_plan(plan, dps, dps_clinician, coordinator, home_service):
    goal = GoalFactory(plan=plan)
    GoalFactory(plan=plan, text="Betre søvn", domain="mental_health", status="met")
    goal.notes.create(text="Har byrja på arbeidstrening", author=coordinator)
    referral = factories.ReferralFactory(service_user=plan.service_user, receiver=dps)
    measure = MeasureFactory(plan=plan, goal=goal, responsible_organisation=dps, referral=referral)
    MeasureFactory(
        plan=plan,
        responsible_other="Fastlegen",
        contact_name="",
        contact_phone="",
        status="planned",
    )
    entry = CatalogueMeasure.objects.create(
        name="FACT-team Sogn", kind=CatalogueMeasure.Kind.FACT_TEAM, provider=dps
    )
    PlanMeasureEntry.objects.create(plan_measure=measure, entry=entry)
    CrisisPlanFactory(plan=plan, revised_on=datetime.date(2025, 5, 1))
    plan.evaluations.create(
        evaluated_on=datetime.date(2025, 9, 1),
        summary="Gjekk godt",
        changes="Meir aktivitet",
        by=coordinator,
    )
    ParticipantFactory(
        plan=plan,
        organisation=home_service,
        user=coordinator,
        role=Participant.Role.COORDINATOR,
        is_leader=True,
    )
    ParticipantFactory(plan=plan, name="Ola Fastlege", role=Participant.Role.GP)
    ParticipantFactory(
        plan=plan,
        name="Mor",
        role=Participant.Role.NEXT_OF_KIN,
        access_from=datetime.date(2025, 2, 1),
        access_until=datetime.date(2026, 12, 31),
    )
    plan.refresh_from_db()
    return plan


def test_a_whole_plan_is_a_valid_care_plan_whose_parts_name_their_rows(full_plan, coordinator):
    resource = api(coordinator).get(f"/fhir/R4/CarePlan/{full_plan.pk}").json()
    validate(resource)
    assert resource["intent"] == "plan"
    assert resource["subject"]["reference"] == f"Patient/{full_plan.service_user_id}"
    assert resource["careTeam"] == [{"reference": f"CareTeam/{full_plan.pk}"}]
    assert resource["description"] == full_plan.owner_statement
    assert resource["period"] == {"start": "2025-03-01"}
    assert resource["author"]["identifier"]["value"] == str(coordinator.pk)

    goals = {g["id"]: g for g in resource["contained"]}
    assert set(goals) == {f"goal-{g.pk}" for g in full_plan.goals.all()}
    for goal in goals.values():
        validate(goal)
    assert [g["reference"] for g in resource["goal"]] == [f"#{i}" for i in goals]
    first = goals[f"goal-{full_plan.goals.order_by('pk').first().pk}"]
    assert first["lifecycleStatus"] == "active"
    assert first["category"][0]["coding"][0]["code"] == "activity"
    assert first["note"][0]["text"] == "Har byrja på arbeidstrening"

    by_id = {a["id"]: a["detail"] for a in resource["activity"]}
    linked = full_plan.measures.get(referral__isnull=False)
    detail = by_id[f"measure-{linked.pk}"]
    assert detail["status"] == "in-progress"
    assert detail["description"] == linked.description
    assert detail["goal"] == [{"reference": f"#goal-{linked.goal_id}"}]
    assert (
        detail["performer"][0]["reference"] == f"Organization/{linked.responsible_organisation_id}"
    )
    assert detail["code"]["coding"][0]["display"] == "FACT-team Sogn"
    delivered = next(e for e in detail["extension"] if e["url"] == codes.EXT_DELIVERED_BY)
    assert delivered["valueReference"]["reference"] == f"ServiceRequest/{linked.referral_id}"
    other = by_id[f"measure-{full_plan.measures.get(referral__isnull=True).pk}"]
    assert other["status"] == "not-started"
    assert other["performer"] == [{"display": "Fastlegen"}]

    assert resource["note"][0]["text"] == "Gjekk godt"
    crisis = next(e for e in resource["extension"] if e["url"] == codes.EXT_CRISIS_PLAN)
    assert {e["url"] for e in crisis["extension"]} >= {"warning-signs", "who-to-call"}


def test_the_responsibility_group_is_a_care_team_with_roles_members_and_periods(
    full_plan, coordinator, dps
):
    team = api(coordinator).get(f"/fhir/R4/CareTeam/{full_plan.pk}").json()
    validate(team)
    members = {p["role"][0]["coding"][0]["code"]: p for p in team["participant"]}
    assert set(members) == {"coordinator", "specialist", "gp", "next_of_kin"}
    assert members["specialist"]["member"]["reference"] == f"Organization/{dps.pk}"
    assert members["coordinator"]["member"]["identifier"]["value"] == str(coordinator.pk)
    assert members["coordinator"]["onBehalfOf"]["reference"].startswith("Organization/")
    assert members["coordinator"]["role"][1]["coding"][0]["code"] == codes.GROUP_LEADER
    assert members["gp"]["member"] == {"display": "Ola Fastlege"}
    assert members["next_of_kin"]["period"] == {"start": "2025-02-01", "end": "2026-12-31"}
    phone = members["gp"]["extension"][0]["valueContactPoint"]["value"]
    assert phone == "57 65 43 21"


@pytest.mark.parametrize("resource_type", ["CarePlan", "CareTeam"])
def test_personas_see_the_plan_as_on_the_plan_pages_and_every_answer_is_logged(
    full_plan,
    coordinator,
    reader,
    outsider,
    dps_clinician,
    expired_clinician,
    resource_type,
):
    path = f"/fhir/R4/{resource_type}/{full_plan.pk}"
    for user in (coordinator, reader, dps_clinician):
        assert api(user).get(path).status_code == 200
        assert fhir_ids(api(user), resource_type) == [str(full_plan.pk)]
        assert AccessLog.objects.filter(user=user, service_user=full_plan.service_user).count() == 2
    for user in (outsider, expired_clinician):
        response = api(user).get(path)
        assert response.status_code == 404
        assert response.json()["resourceType"] == "OperationOutcome"
        assert fhir_ids(api(user), resource_type) == []
        assert not AccessLog.objects.filter(user=user).exists()


def test_search_by_patient_last_updated_and_pages_by_count(coordinator, home):
    people = [factories.ServiceUserFactory(home_municipality=home) for _ in range(5)]
    plans = [PlanFactory(service_user=p, coordinator=coordinator) for p in people]
    client = api(coordinator)
    assert fhir_ids(client, "CarePlan", f"patient=Patient/{people[2].pk}") == [str(plans[2].pk)]
    assert fhir_ids(client, "CareTeam", f"subject={people[3].pk}") == [str(plans[3].pk)]
    assert fhir_ids(client, "CarePlan", "_count=2") == [str(p.pk) for p in plans]
    assert fhir_ids(client, "CarePlan", "_lastUpdated=lt2000-01-01") == []
    assert len(fhir_ids(client, "CareTeam", "_lastUpdated=ge2000-01-01")) == 5


def test_a_plan_search_page_costs_the_same_queries_for_one_plan_as_for_many(coordinator, home):
    def add_plan():
        plan = PlanFactory(
            service_user=factories.ServiceUserFactory(home_municipality=home),
            coordinator=coordinator,
        )
        goal = GoalFactory(plan=plan)
        goal.notes.create(text="Notat", author=coordinator)
        MeasureFactory(plan=plan, goal=goal)
        ParticipantFactory(plan=plan, name="Fastlege", role=Participant.Role.GP)
        CrisisPlanFactory(plan=plan)

    client = api(coordinator)

    def queries(resource_type):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/fhir/R4/{resource_type}?_count=100").status_code == 200
        return len(ctx.captured_queries)

    add_plan()
    queries("CarePlan")  # warm-up: what a first request loads once
    one = {t: queries(t) for t in ("CarePlan", "CareTeam")}
    for _ in range(8):
        add_plan()
    assert {t: queries(t) for t in ("CarePlan", "CareTeam")} == one


@pytest.mark.parametrize("resource_type", ["CarePlan", "CareTeam"])
def test_each_persona_sees_on_fhir_the_plans_the_json_api_shows(
    full_plan, coordinator, reader, outsider, dps_clinician, expired_clinician, resource_type
):
    for user in (coordinator, reader, outsider, dps_clinician, expired_clinician):
        client = api(user)
        on_json = {str(pk) for pk in json_api_ids(client, "/api/v1/individual-plans/")}
        assert set(fhir_ids(client, resource_type)) == on_json
        assert bool(on_json) == (user in (coordinator, reader, dps_clinician)), user


def test_a_changed_goal_or_participant_moves_the_care_plans_last_updated(plan, coordinator):
    from municipalities.plans import services

    client = api(coordinator)
    IndividualPlan.objects.filter(pk=plan.pk).update(
        updated_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    since = (timezone.now() - datetime.timedelta(minutes=1)).isoformat(timespec="seconds")
    query = f"_lastUpdated=gt{since.replace('+', '%2B')}"
    assert fhir_ids(client, "CarePlan", query) == []
    services.save_part(GoalFactory.build(plan=plan), by=coordinator)
    assert fhir_ids(client, "CarePlan", query) == [str(plan.pk)]
    services.save_part(
        ParticipantFactory.build(plan=plan, name="Nabo", role=Participant.Role.OTHER),
        by=coordinator,
    )
    assert fhir_ids(client, "CareTeam", query) == [str(plan.pk)]
