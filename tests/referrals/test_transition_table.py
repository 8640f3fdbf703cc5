"""The transition table (referrals/choices.py) drives the rules, the page
forms and the API: every move in it works on its page and through the API,
and a move the status does not allow is a 409 on both."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from referrals.choices import AWAITING_DECISION, DECISIONS, TRANSITIONS, Kind, Side, Status
from referrals.transition_forms import FORMS
from tests import factories

#: What a user types for each move: a new row in the table needs a line here.
INPUT = {
    "send": {"confirm_legal_basis": "without_consent", "confirm_outside_catchment_note": "Test."},
    "receive": {},
    # A week ahead: a fixed date would be in the past one day.
    "accept": {"planned_start": (datetime.date.today() + datetime.timedelta(days=7)).isoformat()},
    "reject": {"reason": "other", "rejection_reason": "other", "advice": "Prøv kommunen."},
    "request_info": {"note": "Kva medisinar?"},
    "provide_info": {"note": "Ingen faste."},
    "start": {},
    "complete": {"completion_reason": "finished", "recommendations": "Følg opp kvar veke."},
    "acknowledge": {},
    "withdraw": {"withdrawal_reason": "other", "note": "Flytta."},
    "reopen_rejected": {"note": "Ny vurdering etter samtale."},
    "reopen_withdrawn": {"note": "Likevel aktuell."},
    "reopen_completed": {"note": "Treng meir oppfølging."},
}


@pytest.fixture
def referral_for(make, service_user, home_service, dps, intake, coordinator):
    """referral_for("accept") -> (a referral in the first status the move
    starts from, the user who may make it)."""

    def build(name, status=None):
        transition = TRANSITIONS[name]
        status = status or transition.sources[0]
        if transition.kinds == (Kind.RETURN,) or name == "receive":
            # A return goes to the municipal service, which receives by hand.
            referral = factories.make_referral(
                status,
                sender_user=intake,
                receiver_user=coordinator,
                service_user=service_user,
                sender=dps,
                receiver=home_service,
                kind=Kind.RETURN,
                recommendations="Fast kontaktperson.",
            )
            sender, receiver = intake, coordinator
        else:
            referral = make(status)
            sender, receiver = coordinator, intake
        return referral, sender if transition.side == Side.SENDER else receiver

    return build


def api_move(user, referral, to, **data):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(
        f"/api/v1/referrals/{referral.pk}/transition/",
        {"to": to, "version": referral.version, **data},
        format="json",
    )


def moved(referral, name) -> bool:
    transition = TRANSITIONS[name]
    return referral.events.filter(
        from_status=transition.sources[0], to_status=transition.target
    ).exists()


def test_every_move_has_input_for_these_tests_and_a_page_form():
    assert set(INPUT) == set(TRANSITIONS)
    assert all(transition.form in FORMS for transition in TRANSITIONS.values())


def test_every_move_leaves_from_a_status_and_is_offered_in_words():
    for transition in TRANSITIONS.values():
        assert transition.sources and transition.target not in transition.sources
        assert "%(number)s" in str(transition.title) and "%(number)s" in str(transition.done)


def test_the_dashboard_news_are_the_receivers_decisions():
    assert set(DECISIONS) == {
        Status.ACCEPTED,
        Status.REJECTED,
        Status.INFO_REQUESTED,
        Status.COMPLETED,
    }
    assert all(
        TRANSITIONS[name].side == Side.RECEIVER
        for name in ("accept", "reject", "request_info", "complete")
    )
    assert set(AWAITING_DECISION) <= {s for t in TRANSITIONS.values() for s in t.sources}


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_every_move_is_offered_to_its_side_and_made_on_its_page(client, referral_for, name):
    referral, actor = referral_for(name)
    transition = TRANSITIONS[name]
    assert name in referral.allowed_transitions(actor)
    client.force_login(actor)
    url = reverse("referrals:referral_transition", args=[referral.pk, name])
    page = client.get(url)
    assert page.status_code == 200
    with translation.override("nn"):
        assert str(transition.title % transition.words(referral)) in page.content.decode()
    response = client.post(url, {"version": referral.version, **INPUT[name]}, follow=True)
    assert response.status_code == 200
    assert moved(referral, name)
    with translation.override("nn"):
        referral.refresh_from_db()
        assert str(transition.done % transition.words(referral)) in response.content.decode()


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_every_move_is_made_through_the_api_by_its_target_status(referral_for, name):
    referral, actor = referral_for(name)
    response = api_move(actor, referral, TRANSITIONS[name].target, **INPUT[name])
    assert response.status_code == 200, response.json()
    assert moved(referral, name)


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_a_move_the_status_does_not_allow_is_409_on_page_and_api(client, referral_for, name):
    closed = "rejected" if Status.WITHDRAWN in TRANSITIONS[name].sources else "withdrawn"
    referral, actor = referral_for(name, status=closed)
    client.force_login(actor)
    url = reverse("referrals:referral_transition", args=[referral.pk, name])
    page = client.post(url, {"version": referral.version, **INPUT[name]})
    assert page.status_code == 409
    with translation.override("nn"):
        assert str(Status(closed).label) in page.content.decode()
    response = api_move(actor, referral, TRANSITIONS[name].target, **INPUT[name])
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["status"]) == ("illegal_transition", closed)
    assert body["detail"] and body["to"] == [body["detail"]]
    referral.refresh_from_db()
    assert referral.status == closed


def test_a_stale_version_is_409_with_the_version_now_on_the_api(make, intake):
    referral = make("received")
    assert api_move(intake, referral, "info_requested", note="?").status_code == 200
    response = api_move(intake, referral, "accepted")
    assert response.status_code == 409
    assert response.json() == {
        "detail": response.json()["detail"],
        "code": "stale_version",
        "version": referral.version + 1,
    }


def test_reopening_a_referral_that_is_not_closed_is_409(make, coordinator):
    referral = make("received")
    response = api_move(coordinator, referral, "draft", note="Opne att.")
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
