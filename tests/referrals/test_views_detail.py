"""The referral page: facts, decision, deadline, timeline, and only the
buttons this user may press now."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from bops.audit import AccessLog


def url(referral):
    return reverse("referrals:referral_detail", args=[referral.pk])


def action_url(referral, action):
    return reverse("referrals:referral_transition", args=[referral.pk, action])


def test_the_sender_sees_the_referral_and_its_history(client, coordinator, make):
    referral = make("info_requested")
    client.force_login(coordinator)
    response = client.get(url(referral))
    html = response.content.decode()
    assert response.status_code == 200
    assert referral.service_user.full_name in html
    assert "Kva medisinar?" in html  # the request, at the top and in the timeline
    assert html.count('class="timeline__item"') == referral.events.count()
    assert action_url(referral, "provide_info") in html
    assert action_url(referral, "withdraw") in html
    assert action_url(referral, "reject") not in html


def test_the_receiver_sees_the_decision_buttons(client, intake, make):
    referral = make("received")
    client.force_login(intake)
    html = client.get(url(referral)).content.decode()
    for action in ("accept", "reject", "request_info"):
        assert action_url(referral, action) in html
    assert action_url(referral, "withdraw") not in html
    assert f'name="version" value="{referral.version}"' not in html  # links, not one-click forms


def test_a_read_only_member_sees_the_referral_without_buttons(client, reader, intake_reader, make):
    referral = make("received")
    for user in (reader, intake_reader):
        client.force_login(user)
        response = client.get(url(referral))
        assert response.status_code == 200
        assert referral.service_user.full_name in response.content.decode()
        assert 'id="actions-title"' not in response.content.decode()


def test_an_outsider_gets_404(client, outsider, make):
    referral = make("sent")
    client.force_login(outsider)
    assert client.get(url(referral)).status_code == 404


def test_the_receiver_never_sees_a_draft(client, intake, draft):
    client.force_login(intake)
    assert client.get(url(draft)).status_code == 404


def test_a_rejection_shows_the_reason_and_the_advice(client, coordinator, make):
    referral = make("rejected")
    client.force_login(coordinator)
    html = client.get(url(referral)).content.decode()
    assert "Prøv kommunen." in html
    assert 'id="decision-title"' in html


def test_the_deadline_shows_working_days_left(client, intake, make):
    # Received Friday 28 November 2025: the 10th working day after is Friday 12 December.
    with time_machine.travel(datetime.datetime(2025, 11, 28, 10, tzinfo=datetime.UTC)):
        referral = make("received")
    with time_machine.travel(datetime.datetime(2025, 12, 8, 10, tzinfo=datetime.UTC)):
        client.force_login(intake)
        html = client.get(url(referral)).content.decode()
    assert "12.12.2025" in html
    assert "4 arbeidsdagar att" in html


def test_an_overdue_referral_says_by_how_much(client, intake, make):
    with time_machine.travel(datetime.datetime(2025, 11, 28, 10, tzinfo=datetime.UTC)):
        referral = make("received")
    with time_machine.travel(datetime.datetime(2025, 12, 16, 10, tzinfo=datetime.UTC)):
        client.force_login(intake)
        html = client.get(url(referral)).content.decode()
    assert "over fristen med 2 arbeidsdagar" in html


def test_showing_the_referral_is_written_to_the_access_log(client, coordinator, make):
    referral = make("sent")
    client.force_login(coordinator)
    client.get(url(referral))
    entry = AccessLog.objects.about(referral.service_user).get()
    assert entry.action == AccessLog.Action.VIEW
    assert entry.user == coordinator


@pytest.mark.parametrize("extra_events", [0, 8])
def test_the_query_count_does_not_grow_with_the_history(
    client, coordinator, intake, make, extra_events, django_assert_max_num_queries
):
    referral = make("received")
    for _ in range(extra_events // 2):
        referral.request_info(by=intake, note="Meir?")
        referral.provide_info(by=coordinator, note="Her.")
    client.force_login(coordinator)
    # +1: the referral's documents.
    with django_assert_max_num_queries(8):
        assert client.get(url(referral)).status_code == 200


def test_no_referral_page_has_inline_scripts_or_styles(client, coordinator, intake, make):
    import re

    received = make("received")
    client.force_login(coordinator)
    pages = [
        reverse("referrals:referral_list"),
        url(received),
        action_url(received, "withdraw"),
        reverse("referrals:referral_create"),
        reverse("referrals:referral_create")
        + f"?service_user={received.service_user.pk}&kind=advice&next=1",
        "/",
    ]
    for client_user, urls in (
        (coordinator, pages),
        (intake, [action_url(received, "reject"), "/"]),
    ):
        client.force_login(client_user)
        for page in urls:
            html = client.get(page).content.decode()
            assert not re.search(r"\sstyle=", html), page
            assert not re.search(r"<script(?![^>]*\ssrc=)", html), page
            assert not re.search(r"\son[a-z]+=", html), page
            assert html.count("<h1") == 1, page
