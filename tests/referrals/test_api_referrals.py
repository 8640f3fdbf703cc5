"""/api/v1/referrals/: list, create, detail, transition."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from referrals.choices import Status
from referrals.models import Referral
from tests import factories

URL = "/api/v1/referrals/"


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def transition(user, referral, **data):
    return client_for(user).post(f"{URL}{referral.pk}/transition/", data, format="json")


def test_anonymous_gets_nothing(make):
    make("received")
    assert APIClient().get(URL).status_code in (401, 403)


def test_the_list_holds_only_what_the_user_may_see(make, coordinator, intake, outsider):
    referral = make("received")
    assert [r["id"] for r in client_for(coordinator).get(URL).json()["results"]] == [referral.pk]
    assert [r["id"] for r in client_for(intake).get(URL).json()["results"]] == [referral.pk]
    assert client_for(outsider).get(URL).json()["results"] == []


def test_the_list_filters_by_status_and_receiver(make, coordinator, dps):
    make("received")
    assert client_for(coordinator).get(URL, {"status": "received"}).json()["count"] == 1
    assert client_for(coordinator).get(URL, {"status": "accepted"}).json()["count"] == 0
    assert client_for(coordinator).get(URL, {"receiver": dps.pk}).json()["count"] == 1
    assert client_for(coordinator).get(URL, {"overdue": "true"}).json()["count"] == 0


def test_the_detail_holds_the_history(make, coordinator):
    referral = make("received")
    body = client_for(coordinator).get(f"{URL}{referral.pk}/").json()
    assert [e["to_status"] for e in body["events"]] == ["sent", "received"]
    assert body["events"][0]["by"] == coordinator.username


def test_an_outsider_gets_404_on_detail_and_transition(make, outsider):
    referral = make("received")
    assert client_for(outsider).get(f"{URL}{referral.pk}/").status_code == 404
    response = transition(outsider, referral, to="accepted", version=referral.version)
    assert response.status_code == 404


def test_a_read_only_member_gets_403(make, intake_reader, reader):
    referral = make("received")
    for user in (intake_reader, reader):
        response = transition(user, referral, to="accepted", version=referral.version)
        assert response.status_code == 403


def test_the_sender_may_not_decide_403(make, coordinator):
    referral = make("received")
    response = transition(coordinator, referral, to="accepted", version=referral.version)
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


def test_an_accepted_referral_comes_back_updated(make, intake):
    referral = make("received")
    # A start a week ahead: a fixed date would be in the past one day.
    start = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = transition(
        intake, referral, to="accepted", version=referral.version, planned_start=start
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["version"], body["planned_start"]) == (
        "accepted",
        referral.version + 1,
        start,
    )
    assert body["events"][-1]["to_status"] == "accepted"


def test_an_illegal_transition_is_409_naming_the_status(make, intake):
    referral = make("received")
    response = transition(intake, referral, to="completed", version=referral.version)
    assert response.status_code == 409
    body = response.json()
    assert "motteken" in body["to"][0]
    assert (body["code"], body["status"]) == ("illegal_transition", "received")


def test_a_rejection_without_reason_is_400_with_field_errors(make, intake):
    referral = make("received")
    response = transition(intake, referral, to="rejected", version=referral.version)
    assert response.status_code == 400
    assert set(response.json()) == {"rejection_reason", "advice"}


def test_a_stale_version_is_409(make, intake):
    referral = make("received")
    first = transition(intake, referral, to="info_requested", version=referral.version, note="?")
    assert first.status_code == 200
    second = transition(intake, referral, to="accepted", version=referral.version)
    assert second.status_code == 409
    assert second.json()["version"] == referral.version + 1


def test_a_transition_without_version_or_target_is_400(make, intake):
    referral = make("received")
    response = transition(intake, referral)
    assert response.status_code == 400
    assert set(response.json()) == {"to", "version"}


def test_the_sender_answers_an_info_request(make, coordinator):
    referral = make("info_requested")
    response = transition(
        coordinator, referral, to="received", version=referral.version, note="Svar."
    )
    assert response.status_code == 200
    assert response.json()["status"] == "received"


def test_sending_asks_for_the_legal_basis_when_no_consent(
    service_user, home_service, dps, coordinator
):
    referral = factories.ReferralFactory(
        service_user=service_user, sender=home_service, receiver=dps
    )
    response = transition(coordinator, referral, to="sent", version=referral.version)
    assert response.status_code == 400
    assert "confirm_legal_basis" in response.json()
    response = transition(
        coordinator,
        referral,
        to="sent",
        version=referral.version,
        confirm_legal_basis="without_consent",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "received"


def test_a_coordinator_creates_a_draft(coordinator, service_user, home_service, dps):
    response = client_for(coordinator).post(
        URL,
        {
            "service_user": service_user.pk,
            "sender": home_service.pk,
            "receiver": dps.pk,
            "kind": "assessment",
            "urgency": "prioritised",
            "reason": "Forverring.",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    referral = Referral.objects.get(pk=response.json()["id"])
    assert (referral.status, referral.sender_contact) == ("draft", coordinator)


def test_create_refuses_a_person_or_sender_outside_the_users_scope(
    coordinator, reader, dps, elsewhere, home_service, service_user
):
    stranger = factories.ServiceUserFactory(home_municipality=elsewhere)
    data = {"sender": home_service.pk, "receiver": dps.pk, "reason": "x"}
    response = client_for(coordinator).post(
        URL, {**data, "service_user": stranger.pk}, format="json"
    )
    assert response.status_code == 400
    assert "service_user" in response.json()
    response = client_for(reader).post(
        URL, {**data, "service_user": service_user.pk}, format="json"
    )
    assert response.status_code == 400
    assert "sender" in response.json()


def test_create_refuses_a_duplicate_naming_the_open_one(
    make, coordinator, service_user, home_service, dps
):
    open_one = make("received")
    response = client_for(coordinator).post(
        URL,
        {
            "service_user": service_user.pk,
            "sender": home_service.pk,
            "receiver": dps.pk,
            "reason": "x",
        },
        format="json",
    )
    assert response.status_code == 400
    assert f"#{open_one.pk}" in str(response.json())


def test_an_unknown_id_is_404_not_500(intake):
    assert client_for(intake).post(f"{URL}999999/transition/", {}, format="json").status_code == 404


@pytest.mark.parametrize("query", ["#", "Testperson", "abc"])
def test_search_never_fails(make, coordinator, query):
    make("received")
    assert client_for(coordinator).get(URL, {"q": query}).status_code == 200


def test_the_list_does_not_query_per_row(make, coordinator, django_assert_max_num_queries):
    make("received")
    other = factories.ServiceUserFactory(
        home_municipality=coordinator.memberships.get().organisation.municipality
    )
    factories.ConsentFactory(service_user=other, organisation=Referral.objects.get().receiver)
    make("received", service_user=other)
    client = client_for(coordinator)
    # Memberships, count, page, and one INSERT into the access log.
    with django_assert_max_num_queries(4):
        assert client.get(URL).json()["count"] == 2


def test_sending_with_a_stale_version_is_409(draft, coordinator):
    response = transition(coordinator, draft, to="sent", version=draft.version + 5)
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_receiver_written_with_non_ascii_digits_is_a_field_error_not_a_500(coordinator):
    # "²" is a digit to str.isdigit() but not to int().
    response = client_for(coordinator).get(URL, {"receiver": "²"})
    assert response.status_code == 400
    assert "receiver" in response.json()
