"""The referral panels at `/`: the coordinator's outgoing referrals (new
decisions first), returns to acknowledge, deadlines; the intake inbox."""

import datetime

import pytest
import time_machine

from bops.audit import AccessLog
from referrals.choices import Kind
from referrals.visits import DashboardVisit
from tests import factories

UTC = datetime.UTC


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=UTC), tick=False)


# --- coordinator ------------------------------------------------------------


def test_decisions_since_the_last_visit_come_first(client, coordinator, intake, make):
    with at(2025, 11, 3, 9):
        old = make("received")
        new = make("received", kind="advice")
        client.force_login(coordinator)
        client.get("/")  # the first visit
    with at(2025, 11, 3, 12):
        old.reject(by=intake, reason="other", advice="Prøv kommunen.")
    with at(2025, 11, 4, 9):
        new.accept(by=intake)
    with at(2025, 11, 5, 9):
        client.force_login(coordinator)
        response = client.get("/")
    assert response.context["referrals_since"] == datetime.datetime(2025, 11, 3, 9, tzinfo=UTC)
    assert response.context["new_decisions"] == [new, old]
    html = response.content.decode()
    assert "Avgjerder sidan førre besøk (03.11.2025" in html


def test_reloading_within_the_visit_keeps_the_news(client, coordinator, intake, make):
    with at(2025, 11, 3, 9):
        referral = make("received")
        client.force_login(coordinator)
        client.get("/")
    with at(2025, 11, 4, 9):
        referral.accept(by=intake)
        client.force_login(coordinator)
        assert client.get("/").context["new_decisions"] == [referral]
    with at(2025, 11, 4, 9, 10):
        assert client.get("/").context["new_decisions"] == [referral]
    with at(2025, 11, 5, 9):  # the next visit: already seen
        client.force_login(coordinator)
        assert client.get("/").context["new_decisions"] == []
    assert DashboardVisit.objects.get(user=coordinator).last_seen_at.day == 5


def test_open_outgoing_referrals_are_counted_by_status(client, coordinator, make):
    make("received")
    make("info_requested", kind="advice")
    make("rejected", kind="admission")
    client.force_login(coordinator)
    response = client.get("/")
    counts = {row["status"]: row["count"] for row in response.context["outgoing_by_status"]}
    assert counts == {"received": 1, "info_requested": 1}
    assert "?status=info_requested" in response.content.decode()


def test_returns_awaiting_acknowledgement(
    client, coordinator, service_user, home_service, dps, intake
):
    referral = factories.make_referral(
        "sent",
        sender_user=intake,
        receiver_user=coordinator,
        service_user=service_user,
        sender=dps,
        receiver=home_service,
        kind=Kind.RETURN,
        recommendations="Fast kontaktperson.",
    )
    client.force_login(coordinator)
    assert client.get("/").context["returns_to_acknowledge"] == [referral]
    referral.acknowledge(by=coordinator)
    assert client.get("/").context["returns_to_acknowledge"] == []


def test_overdue_and_due_soon_on_the_coordinator_dashboard(client, coordinator, make):
    with at(2025, 11, 3, 9):  # Monday: deadline 17 November
        early = make("received")
    with at(2025, 11, 7, 9):  # Friday: deadline 21 November
        late = make("received", kind="advice")
    with at(2025, 11, 19, 9):
        client.force_login(coordinator)
        response = client.get("/")
    assert response.context["outgoing_overdue"] == [early]
    assert response.context["outgoing_due_soon"] == [late]
    html = response.content.decode()
    assert "over fristen med 2 arbeidsdagar" in html
    assert "2 arbeidsdagar att" in html


def test_the_people_on_the_dashboard_are_written_to_the_access_log(
    client, coordinator, intake, make
):
    referral = make("received")
    referral.accept(by=intake)
    client.force_login(coordinator)
    client.get("/")
    assert AccessLog.objects.about(referral.service_user).get().action == AccessLog.Action.LIST


# --- intake -----------------------------------------------------------------


def test_the_inbox_puts_overdue_first_then_due_soon_then_the_rest(client, intake, make, home, dps):
    def person():
        return factories.ServiceUserFactory(home_municipality=home)

    with at(2025, 11, 3, 9):
        overdue = make("received", service_user=person())
    with at(2025, 11, 7, 9):
        due_soon = make("received", service_user=person())
    with at(2025, 11, 18, 9):
        fresh = make("received", service_user=person())
        started = make("started", service_user=person())
    make("draft", service_user=person())  # never in an inbox
    with at(2025, 11, 19, 9):
        client.force_login(intake)
        response = client.get("/")
    (inbox,) = response.context["inboxes"]
    assert inbox["unit"] == dps
    assert inbox["overdue"] == [overdue]
    assert inbox["due_soon"] == [due_soon]
    assert set(inbox["rest"]) == {fresh, started}
    html = response.content.decode()
    assert html.index(overdue.service_user.full_name) < html.index(due_soon.service_user.full_name)
    assert html.index(due_soon.service_user.full_name) < html.index(fresh.service_user.full_name)
    assert f'href="/referrals/{overdue.pk}/"' in html
    assert 'id="intake-title"' in html


def test_a_read_only_intake_member_sees_the_inbox_too(client, intake_reader, make):
    referral = make("received")
    client.force_login(intake_reader)
    (inbox,) = client.get("/").context["inboxes"]
    assert referral in inbox["due_soon"] + inbox["rest"]


def test_an_outsider_has_no_inbox(client, outsider, make):
    make("received")
    client.force_login(outsider)
    assert "inboxes" not in client.get("/").context


def test_an_empty_inbox_says_so(client, intake):
    client.force_login(intake)
    assert "Innboksen er tom" in client.get("/").content.decode()


@pytest.mark.parametrize("rows", [2, 15])
def test_the_dashboards_cost_the_same_queries_whatever_the_number_of_referrals(
    client, coordinator, intake, home, make, rows, django_assert_max_num_queries
):
    for i in range(rows):
        referral = make(
            "received", service_user=factories.ServiceUserFactory(home_municipality=home)
        )
        if i % 2:
            referral.accept(by=intake)
    client.force_login(coordinator)
    # +1: the coordinator's residence applications panel; +1: agreements to review;
    # +2: the individual plans panel; +1: notices to acknowledge. The visit is one
    # upsert and overdue with due soon one query (main had 19 here).
    with django_assert_max_num_queries(17):
        assert client.get("/").status_code == 200
    client.force_login(intake)
    # +1: my recommendations not answered after 14 days.
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200
