"""Recommendations as items: written when a referral is completed (or a
return is sent), answered by the municipality one by one, visible to the
unit that wrote them; "not possible" can ask that unit for guidance."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from bops.audit import AccessLog
from municipalities.models import Measure, PlanHistory
from referrals.choices import Kind, Status
from referrals.models import Referral
from referrals.recommendations import Recommendation, unanswered_for_writer
from tests import factories
from tests.plans.factories import PlanFactory

ITEMS = [
    {"text": "Fast kontaktperson i kommunen.", "proposed_owner": "municipal_service"},
    {"text": "Time hos fastlegen innan to veker.", "proposed_owner": "gp", "due": "2026-03-01"},
]


@pytest.fixture
def completed(make, intake):
    referral = make("started")
    referral.complete(
        by=intake, completion_reason="finished", recommendations=ITEMS, version=referral.version
    )
    return referral


def answer_url(item):
    return reverse("referrals:recommendation_answer", args=[item.pk])


def api(item=None):
    if item is None:
        return "/api/v1/recommendations/"
    return f"/api/v1/recommendations/{item.pk}/"


# --- writing -------------------------------------------------------------


def test_completing_with_a_list_of_items_stores_each_item(completed):
    items = list(completed.recommendation_items.all())
    assert [(i.position, i.text, i.proposed_owner) for i in items] == [
        (1, "Fast kontaktperson i kommunen.", "municipal_service"),
        (2, "Time hos fastlegen innan to veker.", "gp"),
    ]
    assert items[1].due == datetime.date(2026, 3, 1)
    assert all(i.status == "unanswered" for i in items)
    assert "Fast kontaktperson" in completed.recommendations


def test_completing_with_text_makes_one_item_per_line(make, intake):
    referral = make("started")
    referral.complete(
        by=intake,
        completion_reason="finished",
        recommendations="- Dagleg tilsyn\n\n2. Kontakt med NAV",
        version=referral.version,
    )
    assert list(referral.recommendation_items.values_list("text", flat=True)) == [
        "Dagleg tilsyn",
        "Kontakt med NAV",
    ]


def test_an_item_without_text_is_refused_and_nothing_is_completed(make, intake):
    referral = make("started")
    with pytest.raises(ValidationError, match="Punkt 2|Item 2"):
        referral.complete(
            by=intake,
            completion_reason="finished",
            recommendations=[{"text": "Ok"}, {"text": " "}],
            version=referral.version,
        )
    referral.refresh_from_db()
    assert referral.status == Status.STARTED
    assert not Recommendation.objects.exists()


def test_a_sent_return_carries_its_lines_as_items(service_user, home_service, dps, intake):
    back = factories.ReferralFactory(
        service_user=service_user,
        sender=dps,
        receiver=home_service,
        kind=Kind.RETURN,
        recommendations="Oppfølging kvar veke.\nSjekk medisinar.",
        sender_contact=intake,
    )
    factories.ConsentFactory(service_user=service_user, organisation=home_service)
    back.send(by=intake)
    items = list(back.recommendation_items.all())
    assert [i.text for i in items] == ["Oppfølging kvar veke.", "Sjekk medisinar."]
    assert items[0].writer == dps and items[0].answerer == home_service


# --- answering ----------------------------------------------------------------


def test_the_coordinator_plans_an_item(completed, coordinator):
    item = completed.recommendation_items.first()
    item.answer(by=coordinator, status="planned", response="Tek det opp i ansvarsgruppa.")
    item.refresh_from_db()
    assert item.status == "planned" and item.answered_by == coordinator
    assert item.answered_at is not None and item.done_at is None


def test_not_possible_needs_a_reason(completed, coordinator):
    item = completed.recommendation_items.first()
    with pytest.raises(ValidationError) as error:
        item.answer(by=coordinator, status="not_possible", response="")
    assert (
        error.value.message_dict["response"] == ["Skriv kvifor tilrådinga ikkje er mogleg."]
        or "response" in error.value.message_dict
    )


def test_guidance_is_only_asked_for_when_not_possible(completed, coordinator):
    item = completed.recommendation_items.first()
    with pytest.raises(ValidationError) as error:
        item.answer(by=coordinator, status="planned", ask_for_guidance=True)
    assert "ask_for_guidance" in error.value.message_dict


def test_not_possible_with_guidance_sends_an_advice_referral_quoting_the_item(
    completed, coordinator, dps, home_service, mailoutbox
):
    item = completed.recommendation_items.last()
    item.answer(
        by=coordinator,
        status="not_possible",
        response="Fastlegen har ikkje kapasitet.",
        ask_for_guidance=True,
    )
    advice = item.guidance_referral
    assert advice.kind == Kind.ADVICE
    assert advice.sender == home_service and advice.receiver == dps
    assert advice.status == Status.RECEIVED  # sent, and received on arrival at the DPS
    assert "Time hos fastlegen innan to veker." in advice.reason
    assert "Fastlegen har ikkje kapasitet." in advice.reason
    assert list(advice.guidance_for.all()) == [item]


def test_a_second_guidance_question_joins_the_open_advice_referral(completed, coordinator):
    first, second = completed.recommendation_items.all()
    first.answer(by=coordinator, status="not_possible", response="A", ask_for_guidance=True)
    second.answer(by=coordinator, status="not_possible", response="B", ask_for_guidance=True)
    assert first.guidance_referral_id == second.guidance_referral_id
    advice = Referral.objects.get(pk=first.guidance_referral_id)
    assert second.text in advice.requested


def test_done_records_when_and_the_first_answer_time_stays(completed, coordinator):
    item = completed.recommendation_items.first()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        item.answer(by=coordinator, status="planned")
        first = item.answered_at
        clock.shift(datetime.timedelta(days=20))
        item.answer(by=coordinator, status="done")
    item.refresh_from_db()
    assert item.answered_at == first
    assert item.done_at > first


def test_the_writing_unit_cannot_answer(completed, intake):
    item = completed.recommendation_items.first()
    with pytest.raises(PermissionDenied):
        item.answer(by=intake, status="done")


def test_the_writer_sees_items_unanswered_after_14_days(completed, intake, coordinator):
    first, second = completed.recommendation_items.all()
    first.answer(by=coordinator, status="in_progress")
    assert list(unanswered_for_writer(intake)) == []
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        assert list(unanswered_for_writer(intake)) == [second]


# --- pages: three personas ------------------------------------------------------


def test_the_coordinator_answers_on_the_page(client, completed, coordinator):
    item = completed.recommendation_items.first()
    client.force_login(coordinator)
    assert client.get(answer_url(item)).status_code == 200
    response = client.post(answer_url(item), {"status": "planned", "response": "I IP."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "planned"


def test_the_page_shows_the_missing_reason_next_to_the_field(client, completed, coordinator):
    item = completed.recommendation_items.first()
    client.force_login(coordinator)
    response = client.post(answer_url(item), {"status": "not_possible", "response": ""})
    assert response.status_code == 200
    assert 'id="id_response"' in response.content.decode()
    item.refresh_from_db()
    assert item.status == "unanswered"


def test_a_read_only_coordinator_gets_403_on_the_answer_page(client, completed, reader):
    item = completed.recommendation_items.first()
    client.force_login(reader)
    assert client.get(answer_url(item)).status_code == 403
    assert client.post(answer_url(item), {"status": "done"}).status_code == 403


def test_an_outsider_gets_404_on_the_answer_page(client, completed, outsider):
    item = completed.recommendation_items.first()
    client.force_login(outsider)
    assert client.get(answer_url(item)).status_code == 404


def test_the_writing_unit_sees_the_answers_on_its_referral(client, completed, coordinator, intake):
    item = completed.recommendation_items.first()
    item.answer(by=coordinator, status="not_possible", response="Manglar kompetanse.")
    client.force_login(intake)
    html = client.get(reverse("referrals:referral_detail", args=[completed.pk])).content.decode()
    assert "Manglar kompetanse." in html
    assert answer_url(item) not in html


def test_the_list_page_for_three_personas(client, completed, intake, reader, outsider):
    for user, sees in ((intake, True), (reader, True), (outsider, False)):
        client.force_login(user)
        response = client.get(reverse("referrals:recommendation_list"))
        assert response.status_code == 200
        assert ("Fast kontaktperson" in response.content.decode()) is sees


# --- API ---------------------------------------------------------------------------


def test_the_api_lists_items_filtered_by_referral_and_status(client, completed, coordinator):
    completed.recommendation_items.first().answer(by=coordinator, status="done")
    client.force_login(coordinator)
    body = client.get(api(), {"referral": completed.pk, "status": "unanswered"}).json()
    assert [row["text"] for row in body["results"]] == ["Time hos fastlegen innan to veker."]
    row = body["results"][0]
    assert {"text", "proposed_owner", "due", "status", "response", "measure"} <= set(row)
    assert row["service_user"] == completed.service_user_id
    by_person = client.get(api(), {"service_user": completed.service_user_id}).json()
    assert len(by_person["results"]) == 2


def test_patch_not_possible_with_guidance_returns_the_advice_referral(
    client, completed, coordinator
):
    item = completed.recommendation_items.first()
    client.force_login(coordinator)
    response = client.patch(
        api(item),
        {"status": "not_possible", "response": "Ikkje no.", "ask_for_guidance": True},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    advice_id = response.json()["guidance_referral"]
    assert Referral.objects.get(pk=advice_id).kind == Kind.ADVICE


def test_patch_not_possible_without_reason_is_a_400_on_the_field(client, completed, coordinator):
    item = completed.recommendation_items.first()
    client.force_login(coordinator)
    response = client.patch(api(item), {"status": "not_possible"}, content_type="application/json")
    assert response.status_code == 400
    assert "response" in response.json()


def test_patch_personas(client, completed, reader, outsider, intake):
    item = completed.recommendation_items.first()
    for user, expected in ((reader, 403), (intake, 403), (outsider, 404)):
        client.force_login(user)
        response = client.patch(api(item), {"status": "done"}, content_type="application/json")
        assert response.status_code == expected, user
    item.refresh_from_db()
    assert item.status == "unanswered"


def test_completing_through_the_transition_endpoint_takes_items(client, make, intake):
    referral = make("started")
    client.force_login(intake)
    response = client.post(
        f"/api/v1/referrals/{referral.pk}/transition/",
        {
            "to": "completed",
            "version": referral.version,
            "completion_reason": "finished",
            "recommendations": ITEMS,
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert referral.recommendation_items.count() == 2


def test_the_transition_endpoint_names_a_bad_item(client, make, intake):
    referral = make("started")
    client.force_login(intake)
    response = client.post(
        f"/api/v1/referrals/{referral.pk}/transition/",
        {
            "to": "completed",
            "version": referral.version,
            "completion_reason": "finished",
            "recommendations": [{"text": "Ok", "proposed_owner": "wizard"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "recommendations" in response.json()
    referral.refresh_from_db()
    assert referral.status == Status.STARTED


def test_the_answer_page_and_the_api_write_the_access_log(client, completed, coordinator):
    item = completed.recommendation_items.first()
    client.force_login(coordinator)
    client.get(answer_url(item))
    client.get(api())
    client.patch(api(item), {"status": "done"}, content_type="application/json")
    actions = set(
        AccessLog.objects.filter(user=coordinator, service_user=completed.service_user).values_list(
            "action", flat=True
        )
    )
    assert {"view", "list", "api_read"} <= actions


# --- into the individual plan ------------------------------------------------------


def test_planned_becomes_a_measure_in_the_plan_in_one_step(
    completed, coordinator, service_user, home_service
):
    plan = PlanFactory(service_user=service_user, coordinator=coordinator)
    first, second = completed.recommendation_items.all()
    first.answer(by=coordinator, status="planned", add_to_plan=True)
    second.answer(by=coordinator, status="planned", add_to_plan=True)
    first.refresh_from_db()
    measure = first.measure
    assert measure.plan == plan and measure.description == first.text
    assert measure.responsible_organisation == home_service
    second.refresh_from_db()
    assert second.measure.responsible_organisation is None
    assert second.measure.responsible_other
    assert second.measure.end == datetime.date(2026, 3, 1)
    assert PlanHistory.objects.filter(plan=plan, object_id=measure.pk).exists()


def test_without_a_plan_the_measure_step_says_so_and_saves_nothing(completed, coordinator):
    item = completed.recommendation_items.first()
    with pytest.raises(ValidationError) as error:
        item.answer(by=coordinator, status="planned", add_to_plan=True)
    assert "add_to_plan" in error.value.message_dict
    item.refresh_from_db()
    assert item.status == "unanswered"


def test_only_planned_becomes_a_measure(completed, coordinator, service_user):
    PlanFactory(service_user=service_user, coordinator=coordinator)
    item = completed.recommendation_items.first()
    with pytest.raises(ValidationError) as error:
        item.answer(by=coordinator, status="done", add_to_plan=True)
    assert "add_to_plan" in error.value.message_dict


def test_the_api_returns_the_measure(client, completed, coordinator, service_user):
    PlanFactory(service_user=service_user, coordinator=coordinator)
    item = completed.recommendation_items.first()
    client.force_login(coordinator)
    response = client.patch(
        api(item), {"status": "planned", "add_to_plan": True}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["measure"] == Measure.objects.get().pk
