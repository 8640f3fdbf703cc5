"""The unit that wrote a recommendation is kept on the item (`writer`), so
"my unit's items unanswered after 14 days" is one index range at any scale.
The same items as the rule it replaces: the sender of a return, the
receiver of any other referral."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from referrals.choices import Kind
from referrals.follow_up_panels import writer_recommendations
from referrals.recommendations import Recommendation, unanswered_for_writer
from tests import factories

PAGE = "/referrals/recommendations/?mine=true&unanswered_after_days=14"
LATER = datetime.timedelta(days=15)


def written_by_the_referral(organisations):
    """The rule before the column: through the referral's sender or receiver."""
    is_return = Q(referral__kind=Kind.RETURN)
    return Recommendation.objects.filter(
        (is_return & Q(referral__sender__in=organisations))
        | (~is_return & Q(referral__receiver__in=organisations))
    )


@pytest.fixture
def other_dps(home):
    return factories.dps_for(home, name="DPS Sogn Nord")


@pytest.fixture
def other_intake(other_dps):
    return factories.member_of(other_dps, role="intake", username="inntak-nord")


def completed_by(receiver, receiver_user, service_user, home_service, coordinator, texts):
    factories.ConsentFactory(service_user=service_user, organisation=receiver)
    referral = factories.make_referral(
        "started",
        sender_user=coordinator,
        receiver_user=receiver_user,
        service_user=service_user,
        sender=home_service,
        receiver=receiver,
    )
    referral.complete(
        by=receiver_user,
        completion_reason="finished",
        recommendations=[{"text": text} for text in texts],
        version=referral.version,
    )
    return referral


def returned_by(sender, sender_user, service_user, home_service, texts):
    back = factories.ReferralFactory(
        service_user=service_user,
        sender=sender,
        receiver=home_service,
        kind=Kind.RETURN,
        recommendations="\n".join(texts),
        sender_contact=sender_user,
    )
    factories.ConsentFactory(service_user=service_user, organisation=home_service)
    back.send(by=sender_user)
    return back


@pytest.fixture
def world(home, home_service, coordinator, dps, intake, other_dps, other_intake):
    """Two DPS units, each with a completed referral and a return with items."""
    people = [factories.ServiceUserFactory(home_municipality=home) for _ in range(2)]
    completed_by(dps, intake, people[0], home_service, coordinator, ["A", "B"])
    completed_by(other_dps, other_intake, people[1], home_service, coordinator, ["C"])
    returned_by(dps, intake, people[1], home_service, ["D"])
    returned_by(other_dps, other_intake, people[0], home_service, ["E", "F"])
    return people


def test_the_writer_on_the_item_gives_the_items_the_referral_rule_gives(
    world, dps, other_dps, home_service
):
    for organisations in (
        {dps.pk},
        {other_dps.pk},
        {dps.pk, other_dps.pk},
        {home_service.pk},
        set(),
    ):
        new = Recommendation.objects.written_by(organisations)
        old = written_by_the_referral(organisations)
        assert sorted(new.values_list("pk", flat=True)) == sorted(
            old.values_list("pk", flat=True)
        ), organisations
    texts = set(Recommendation.objects.written_by({dps.pk}).values_list("text", flat=True))
    assert texts == {"A", "B", "D"}
    assert not Recommendation.objects.written_by({home_service.pk}).exists()


def test_the_page_the_panel_and_the_api_list_the_same_items(world, client, intake, dps):
    old = written_by_the_referral({dps.pk})
    with time_machine.travel(timezone.now() + LATER):
        expected = sorted(old.values_list("pk", flat=True))
        assert sorted(item.pk for item in unanswered_for_writer(intake)) == expected
        panel = writer_recommendations(intake)["unanswered_recommendations"]
        assert sorted(item.pk for item in panel) == expected
        client.force_login(intake)
        page = client.get(PAGE)
        assert sorted(item.pk for item in page.context["recommendations"]) == expected
        api = client.get("/api/v1/recommendations/?mine=true&unanswered_after_days=14").json()
        assert sorted(row["id"] for row in api["results"]) == expected


def test_the_page_asks_the_same_number_of_queries_for_more_items(
    world, client, intake, dps, home, home_service, coordinator
):
    with time_machine.travel(timezone.now() + LATER):
        client.force_login(intake)
        with CaptureQueriesContext(connection) as few:
            assert client.get(PAGE).status_code == 200
    for _ in range(3):
        person = factories.ServiceUserFactory(home_municipality=home)
        completed_by(dps, intake, person, home_service, coordinator, ["G", "H", "I"])
    with time_machine.travel(timezone.now() + LATER):
        client.force_login(intake)
        with CaptureQueriesContext(connection) as many:
            page = client.get(PAGE)
    assert len(page.context["recommendations"]) == 12
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


@pytest.mark.postgres
def test_the_page_query_reads_the_writer_index_not_the_whole_table(world, client, intake):
    """At this size PostgreSQL would rightly scan the tiny table, so sequential
    scans are priced out: what is left shows the index fits the query."""
    with time_machine.travel(timezone.now() + LATER):
        client.force_login(intake)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PAGE).status_code == 200
    selects = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "referrals_recommendation"' in q["sql"]
    ]
    assert len(selects) == 2, selects  # the page and its capped count
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in selects:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "rec_writer_status_created_idx" in plan, plan
            assert "Seq Scan on referrals_recommendation" not in plan, plan
