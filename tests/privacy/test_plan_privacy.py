"""The individual plan and the person's privacy rights: the export holds the
plan with all its parts and history; anonymisation leaves no name or
identity number of the person in any plan table, history included."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from municipalities.models import (
    ActionItem,
    CrisisPlan,
    Evaluation,
    Goal,
    IndividualPlan,
    Measure,
    Meeting,
    Participant,
    PlanHistory,
    PlanOwnerLogin,
    ProgressNote,
)
from municipalities.plans import services
from privacy.anonymise import anonymise
from privacy.export import person_export
from tests import factories

pytestmark = pytest.mark.django_db

PLAN_MODELS = (
    IndividualPlan,
    Goal,
    ProgressNote,
    Measure,
    CrisisPlan,
    Evaluation,
    Participant,
    Meeting,
    ActionItem,
    PlanHistory,
    PlanOwnerLogin,
)


@pytest.fixture
def person(home):
    return factories.ServiceUserFactory(
        home_municipality=home, first_name="Torbjørg", last_name="Haugsvær"
    )


@pytest.fixture
def plan(person, coordinator):
    """A plan whose every free text names the person, built through the
    services so that the history holds the texts too."""
    who = f"{person.first_name} {person.last_name} ({person.national_id})"
    plan = services.create_plan(
        service_user=person, by=coordinator, status="established", owner_statement=f"Eg, {who}"
    )
    services.update_plan(plan, by=coordinator, fields={"owner_statement": f"Eg er {who}"})
    goal = services.save_part(
        Goal(plan=plan, text=f"{who} skal bu sjølv", domain="housing"), by=coordinator
    )
    ProgressNote.objects.create(goal=goal, text=f"{who} har flytta", author=coordinator)
    services.save_part(
        Measure(plan=plan, goal=goal, description=f"Heimesjukepleie til {who}", scope=who),
        by=coordinator,
    )
    services.save_part(
        Participant(plan=plan, name=person.first_name, role="next_of_kin", phone="99999999"),
        by=coordinator,
    )
    CrisisPlan.objects.create(plan=plan, warning_signs=who, who_to_call=who)
    Evaluation.objects.create(
        plan=plan, evaluated_on=datetime.date(2025, 6, 1), summary=who, changes=who, by=coordinator
    )
    meeting = Meeting.objects.create(
        plan=plan,
        starts_at=datetime.datetime(2025, 6, 1, 10, tzinfo=datetime.UTC),
        agenda=who,
        minutes=f"{who} møtte",
    )
    ActionItem.objects.create(meeting=meeting, text=f"Ring {who}", owner_name=person.last_name)
    login_user = factories.UserFactory(
        username=f"{person.first_name.lower()}.haugsvaer",
        first_name=person.first_name,
        last_name=person.last_name,
    )
    PlanOwnerLogin.objects.create(plan=plan, user=login_user, kind="owner")
    return plan


def texts_of(model) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t::text FROM {model._meta.db_table} t")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def test_the_export_holds_the_plan_with_its_goals_measures_group_meetings_and_history(
    person, plan, coordinator
):
    data = person_export(person, by=coordinator)
    section = next(s for s in data["sections"] if s["model"] == "municipalities.individualplan")
    row = section["rows"][0]
    assert row["values"]["owner_statement"].startswith("Eg er Torbjørg")
    children = {child["model"]: child for child in row["children"]}
    for part in ("goal", "measure", "participant", "meeting", "planhistory", "crisisplan"):
        assert children[f"municipalities.{part}"]["rows"], part
    goal = children["municipalities.goal"]["rows"][0]
    notes = next(c for c in goal["children"] if c["model"] == "municipalities.progressnote")
    assert "har flytta" in notes["rows"][0]["values"]["text"]
    meeting = children["municipalities.meeting"]["rows"][0]
    assert any(c["model"] == "municipalities.actionitem" for c in meeting["children"])
    history = children["municipalities.planhistory"]["rows"]
    assert len(history) == 5  # created, changed, a goal, a measure, a participant


@pytest.mark.postgres
def test_anonymising_leaves_no_name_or_identity_number_in_any_plan_table(person, plan):
    secrets = [person.first_name, person.last_name, person.national_id]
    assert any(person.national_id in text for text in texts_of(PlanHistory))
    history_before = list(PlanHistory.objects.values_list("pk", "at", "subject", "by"))
    anonymise(person)
    for model in PLAN_MODELS:
        for text in texts_of(model):
            for secret in secrets:
                assert secret.lower() not in text.lower(), (model.__name__, text)
    # What the statistics need stays: the plan's status, the goal's domain, the history.
    plan.refresh_from_db()
    assert plan.status == "established" and plan.goals.get().domain == "housing"
    assert list(PlanHistory.objects.values_list("pk", "at", "subject", "by")) == history_before
    assert PlanHistory.objects.first().after == {"status": "established"}
    user = get_user_model().objects.get(username__startswith="anonymised-plan-owner-")
    assert not user.is_active and person.first_name not in (user.first_name + user.username)


@pytest.mark.postgres
def test_the_plan_history_still_refuses_changes_outside_the_anonymisation(plan):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE municipalities_planhistory SET after = NULL")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('bops.redact_plan_history', 'on', true)")
        cursor.execute("UPDATE municipalities_planhistory SET subject = 'plan'")
