"""The API referral list is served from rows (bops/api_rows.py): the same JSON
as the ModelSerializer, the access log written, filters by id."""

import datetime
import json

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from bops.audit import AccessLog
from referrals.api.serializers import ReferralSerializer
from referrals.choices import Kind
from referrals.models import Referral
from tests import factories

URL = "/api/v1/referrals/"


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def as_json(data):
    return json.loads(JSONRenderer().render(data))


@pytest.fixture
def mixed(make, service_user, home, dps):
    """Referrals in several states: overdue, accepted with a start date,
    completed with recommendations, and one for a second person."""
    overdue = make("received")
    Referral.objects.filter(pk=overdue.pk).update(
        assessment_deadline=datetime.date(2020, 1, 6), received_at=None
    )
    other = factories.ServiceUserFactory(
        home_municipality=home, first_name="Åse", last_name="Ødegård"
    )
    factories.ConsentFactory(service_user=other, organisation=dps)
    accepted = make("accepted", service_user=other, planned_start=datetime.date(2026, 12, 1))
    completed = make("completed", service_user=other, kind=Kind.ADMISSION)
    return [overdue, accepted, completed]


def test_the_list_shows_what_the_detail_serializer_shows(mixed, coordinator):
    body = client_for(coordinator).get(URL).json()
    expected = ReferralSerializer(Referral.objects.filter(pk__in=[r.pk for r in mixed]), many=True)
    assert body["results"] == as_json(expected.data)
    overdue = next(row for row in body["results"] if row["id"] == mixed[0].pk)
    assert overdue["is_overdue"] is True
    assert {row["service_user_name"] for row in body["results"]} == {
        mixed[0].service_user.full_name,
        "Åse Ødegård",
    }


def test_the_list_logs_each_person_on_the_page_once(mixed, coordinator):
    client_for(coordinator).get(URL)
    rows = AccessLog.objects.filter(action=AccessLog.Action.LIST)
    assert sorted(rows.values_list("service_user_id", flat=True)) == sorted(
        {r.service_user_id for r in mixed}
    )
    assert {row.route for row in rows} == {"referral-list"}


def test_a_detail_and_a_transition_log_the_person(make, intake):
    referral = make("received")
    client = client_for(intake)
    client.get(f"{URL}{referral.pk}/")
    client.post(
        f"{URL}{referral.pk}/transition/",
        {"to": "info_requested", "version": referral.version, "note": "Kva er status?"},
        format="json",
    )
    logged = AccessLog.objects.filter(service_user=referral.service_user, user=intake)
    assert [row.action for row in logged.order_by("pk")] == ["api_read", "api_read"]


def test_what_is_refused_is_not_logged(make, outsider, intake_reader):
    referral = make("received")
    assert client_for(outsider).get(f"{URL}{referral.pk}/").status_code == 404
    response = client_for(intake_reader).post(
        f"{URL}{referral.pk}/transition/",
        {"to": "accepted", "version": referral.version},
        format="json",
    )
    assert response.status_code == 403
    assert not AccessLog.objects.exists()


def test_an_organisation_filter_takes_an_id(mixed, coordinator, dps):
    client = client_for(coordinator)
    assert client.get(URL, {"receiver": dps.pk}).json()["count"] == 3
    assert client.get(URL, {"receiver": 999_999}).json()["count"] == 0
    response = client.get(URL, {"receiver": "DPS"})
    assert response.status_code == 400
    assert "receiver" in response.json()


def test_a_person_filter_shows_nothing_for_a_hidden_person(mixed, outsider, coordinator):
    person = mixed[0].service_user_id
    assert client_for(coordinator).get(URL, {"service_user": person}).json()["count"] == 1
    assert client_for(outsider).get(URL, {"service_user": person}).json()["count"] == 0


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-4"])
def test_an_id_out_of_range_is_a_field_error_not_a_crash(coordinator, value):
    response = client_for(coordinator).get(URL, {"receiver": value})
    assert response.status_code == 400
    assert "receiver" in response.json()
