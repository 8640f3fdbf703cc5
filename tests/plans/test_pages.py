"""The plan pages, PDF and invitation: three personas, the expired
participant, the access log, what the pages say."""

import io

import pytest
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from bops.audit import AccessLog
from municipalities.models import Goal, IndividualPlan
from tests.plans.factories import (
    ActionItemFactory,
    CrisisPlanFactory,
    GoalFactory,
    MeasureFactory,
    MeetingFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_plan(plan, home_service):
    goal = GoalFactory(plan=plan)
    MeasureFactory(plan=plan, goal=goal, responsible_organisation=home_service)
    ParticipantFactory(
        plan=plan, name="Dr. Lege Fastlegesen", role="gp", phone="57 11 22 33", is_leader=False
    )
    CrisisPlanFactory(plan=plan)
    meeting = MeetingFactory(plan=plan)
    ActionItemFactory(meeting=meeting)
    return plan


def pages(plan):
    goal = plan.goals.first()
    meeting = plan.meetings.first()
    return {
        "plans:plan_detail": [plan.pk],
        "plans:plan_pdf": [plan.pk],
        "plans:plan_update": [plan.pk],
        "plans:crisis_plan": [plan.pk],
        "plans:goal_create": [plan.pk],
        "plans:measure_create": [plan.pk],
        "plans:participant_create": [plan.pk],
        "plans:meeting_create": [plan.pk],
        "plans:evaluation_create": [plan.pk],
        "plans:goal_update": [goal.pk],
        "plans:note_create": [goal.pk],
        "plans:measure_update": [plan.measures.first().pk],
        "plans:participant_update": [plan.participants.first().pk],
        "plans:meeting_update": [meeting.pk],
        "plans:decision_create": [meeting.pk],
        "plans:meeting_ics": [meeting.pk],
    }


READ_PAGES = {"plans:plan_detail", "plans:plan_pdf", "plans:meeting_ics"}


def test_the_coordinator_opens_every_page(client, full_plan, coordinator):
    client.force_login(coordinator)
    for name, args in pages(full_plan).items():
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_the_reader_reads_but_gets_403_on_every_form(client, full_plan, reader):
    client.force_login(reader)
    for name, args in pages(full_plan).items():
        expected = 200 if name in READ_PAGES else 403
        assert client.get(reverse(name, args=args)).status_code == expected, name


@pytest.mark.parametrize("persona", ["outsider", "expired_clinician", "council_reader"])
def test_others_get_404_everywhere(client, full_plan, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for name, args in pages(full_plan).items():
        assert client.get(reverse(name, args=args)).status_code == 404, name


def test_the_plan_page_shows_the_owner_statement_first_and_logs_access(
    client, full_plan, coordinator
):
    client.force_login(coordinator)
    html = client.get(reverse("plans:plan_detail", args=[full_plan.pk])).content.decode()
    assert html.index("Eg vil bu for meg sjølv") < html.index("Ha fast arbeidstrening")
    entry = AccessLog.objects.get(user=coordinator)
    assert (entry.service_user_id, entry.route) == (full_plan.service_user_id, "plans:plan_detail")


def test_the_pdf_holds_the_plan_in_nynorsk_and_logs_access(client, full_plan, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("plans:plan_pdf", args=[full_plan.pk]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        "Individuell plan",
        "Ha fast arbeidstrening to dagar i veka",
        "Samtalar med psykiatrisk sjukepleiar",
        "Kari Nordheim",
        "57 11 22 33",
        "Legevakt 116 117",
        "01.06.2026",
    ):
        assert expected in text, expected
    assert AccessLog.objects.filter(user=coordinator, action="pdf").count() == 1


def test_the_invitation_opens_in_a_calendar_parser(client, full_plan, coordinator):
    client.force_login(coordinator)
    meeting = full_plan.meetings.get()
    response = client.get(reverse("plans:meeting_ics", args=[meeting.pk]))
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["location"]) == "Kommunehuset, møterom 2"
    assert full_plan.service_user.last_name not in response.content.decode()


def test_a_second_editor_keeps_their_text_and_gets_a_conflict(client, plan, coordinator):
    goal = GoalFactory(plan=plan)
    client.force_login(coordinator)
    url = reverse("plans:goal_update", args=[goal.pk])
    form = {"text": "Fyrste versjon", "domain": "activity", "status": "open", "version": 1}
    assert client.post(url, form).status_code == 302
    second = client.post(url, {**form, "text": "Andre versjon"})
    assert second.status_code == 200
    assert (
        "Somebody else saved this goal" in second.content.decode()
        or "nokon" in second.content.decode().lower()
    )
    assert "Andre versjon" in second.content.decode()
    assert Goal.objects.get(pk=goal.pk).text == "Fyrste versjon"


def test_a_new_plan_from_the_person_page(client, service_user, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("plans:plan_create", args=[service_user.pk]),
        {"coordinator": coordinator.pk, "owner_statement": "Ro og eigen stad"},
    )
    plan = IndividualPlan.objects.get(service_user=service_user)
    assert response.url == reverse("plans:plan_detail", args=[plan.pk])
    assert (plan.status, plan.coordinator) == ("requested", coordinator)


def test_a_refusal_without_reason_is_shown_at_the_field(client, coordinator, plan):
    IndividualPlan.objects.filter(pk=plan.pk).update(status="requested")
    client.force_login(coordinator)
    response = client.post(reverse("plans:plan_status", args=[plan.pk]), {"status": "refused"})
    assert response.status_code == 200
    assert "refusal" in str(response.context["form"].errors)
    plan.refresh_from_db()
    assert plan.status == "requested"


def test_the_plan_page_query_count_does_not_grow_with_the_plan(
    client, coordinator, plan, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("plans:plan_detail", args=[plan.pk])
    GoalFactory(plan=plan)
    MeetingFactory(plan=plan)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(4):
        GoalFactory(plan=plan)
        ActionItemFactory(meeting=MeetingFactory(plan=plan))
        ParticipantFactory(plan=plan, name="Nav-rettleiar", role="nav")
    with django_assert_max_num_queries(len(small)):
        client.get(url)


def test_the_coordinator_fills_in_every_form(client, plan, coordinator, home_service):
    client.force_login(coordinator)
    goal = GoalFactory(plan=plan)
    post = {
        ("plans:goal_create", plan.pk): {
            "text": "Betre søvn",
            "domain": "physical_health",
            "status": "open",
        },
        ("plans:note_create", goal.pk): {"text": "Søv betre no"},
        ("plans:measure_create", plan.pk): {
            "description": "Samtalar",
            "goal": goal.pk,
            "responsible_organisation": home_service.pk,
            "status": "planned",
        },
        ("plans:participant_create", plan.pk): {
            "name": "Fastlege Haugen",
            "role": "gp",
            "access_from": "2026-01-01",
        },
        ("plans:meeting_create", plan.pk): {
            "starts_at": "2026-12-10T10:00",
            "duration_minutes": 60,
            "place": "Møterom 2",
        },
        ("plans:crisis_plan", plan.pk): {"who_to_call": "Legevakt 116 117"},
        ("plans:evaluation_create", plan.pk): {
            "evaluated_on": "2026-11-01",
            "summary": "Godt i gang",
            "goals_met": [goal.pk],
            "next_evaluation": "2027-05-01",
        },
        ("plans:plan_update", plan.pk): {
            "coordinator": coordinator.pk,
            "owner_statement": "Ro",
            "next_evaluation": "2027-05-01",
        },
    }
    for (name, pk), data in post.items():
        response = client.post(reverse(name, args=[pk]), data)
        assert response.status_code == 302, (
            name,
            response.context and response.context["form"].errors,
        )
    meeting = plan.meetings.get()
    response = client.post(
        reverse("plans:decision_create", args=[meeting.pk]),
        {"text": "Søkje om støttekontakt", "owner": coordinator.pk, "due_on": "2027-01-15"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.goals.count() == 2 and plan.measures.count() == 1
    assert plan.crisis_plan.revised_on is not None
    assert str(plan.next_evaluation) == "2027-05-01"
    assert plan.history.filter(subject="goal").count() == 1


def test_a_participant_without_consent_is_marked_without_access(client, plan, coordinator, home):
    from tests import factories

    dps = factories.dps_for(home, name="DPS utan samtykke")
    ParticipantFactory(plan=plan, organisation=dps)
    client.force_login(coordinator)
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert [p.without_consent for p in response.context["participants"]] == [True]
