"""Notices from a DPS, BUP unit or the residence to the person's home
municipality: to its shared inbox and all coordinators, at the top of their
dashboard until acknowledged, escalated after one working day."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from bops.audit import AccessLog
from referrals.notices import Notice, escalate_overdue_notices
from tests import factories

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
# Wednesday before Easter 2027: Maundy Thursday, Good Friday and Easter
# Monday (25, 26 and 29 March) are holidays.
BEFORE_EASTER = datetime.datetime(2027, 3, 24, 10, 0, tzinfo=OSLO)


@pytest.fixture
def known(make):
    """The DPS has had a referral for the person, so its members see them."""
    return make("received")


@pytest.fixture
def home_service(home):
    return factories.OrganisationFactory(
        municipal_service_in=home, email="psykisk-helse@laerdal.example.test"
    )


@pytest.fixture
def second_coordinator(home_service):
    return factories.member_of(home_service, role="coordinator", username="koordinator-2")


def send(intake, service_user, kind="admitted", **fields):
    return Notice.send(by=intake, service_user=service_user, kind=kind, **fields)


# --- sending -------------------------------------------------------------------


def test_a_notice_goes_to_the_home_service_and_every_coordinator(
    known,
    intake,
    service_user,
    home_service,
    coordinator,
    second_coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = send(
            intake, service_user, "discharge_planned", expected_date=datetime.date(2027, 4, 2)
        )
    assert notice.receiver == home_service
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert set(mail.to) == {
        "psykisk-helse@laerdal.example.test",
        coordinator.email,
        second_coordinator.email,
    }
    # No personal data in the mail, and an absolute link.
    assert service_user.first_name not in mail.body + mail.subject
    assert service_user.national_id not in mail.body
    assert f"{settings.SITE_URL}/referrals/notices/{notice.pk}/" in mail.body


def test_discharge_planned_needs_the_expected_date(known, intake, service_user):
    with pytest.raises(ValidationError) as error:
        send(intake, service_user, "discharge_planned")
    assert "expected_date" in error.value.message_dict
    assert not Notice.objects.exists()


def test_a_coordinator_cannot_send_notices(coordinator, service_user):
    with pytest.raises(PermissionDenied):
        send(coordinator, service_user)


# --- acknowledging ----------------------------------------------------------------


def test_the_coordinator_acknowledges_and_records_the_next_of_kin(
    known, intake, service_user, coordinator
):
    notice = send(intake, service_user)
    notice.acknowledge(
        by=coordinator,
        next_of_kin_informed=True,
        next_of_kin_who="Mor",
        next_of_kin_on=datetime.date(2026, 1, 5),
    )
    notice.refresh_from_db()
    assert notice.acknowledged_by == coordinator and notice.acknowledged_at
    assert (notice.next_of_kin_informed, notice.next_of_kin_who) == (True, "Mor")


def test_next_of_kin_informed_needs_who_and_when(known, intake, service_user, coordinator):
    notice = send(intake, service_user)
    with pytest.raises(ValidationError) as error:
        notice.acknowledge(by=coordinator, next_of_kin_informed=True)
    assert {"next_of_kin_who", "next_of_kin_on"} <= set(error.value.message_dict)
    notice.refresh_from_db()
    assert notice.acknowledged_at is None


def test_the_sender_cannot_acknowledge(known, intake, service_user):
    notice = send(intake, service_user)
    with pytest.raises(PermissionDenied):
        notice.acknowledge(by=intake)


# --- escalation -----------------------------------------------------------------------


@pytest.mark.postgres
def test_an_unacknowledged_notice_escalates_after_one_working_day_across_easter(
    known,
    intake,
    service_user,
    coordinator,
    second_coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(BEFORE_EASTER, tick=False):
        notice = send(intake, service_user, "ready_for_discharge")
    assert notice.acknowledge_by == datetime.date(2027, 3, 30)  # Tuesday after Easter Monday
    mailoutbox.clear()
    with time_machine.travel(datetime.datetime(2027, 3, 30, 15, 0, tzinfo=OSLO), tick=False):
        assert escalate_overdue_notices() == 0
        assert not Notice.objects.overdue().exists()
    with time_machine.travel(datetime.datetime(2027, 3, 31, 7, 0, tzinfo=OSLO), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("escalate_notices", stdout=io.StringIO())
        notice.refresh_from_db()
        assert notice.escalated_at is not None and notice.is_overdue
        assert escalate_overdue_notices() == 0  # reminded once
    assert len(mailoutbox) == 1
    reminder = mailoutbox[0]
    assert {coordinator.email, second_coordinator.email} <= set(reminder.to)
    assert service_user.last_name not in reminder.body
    assert "/referrals/notices/" in reminder.body


def test_an_acknowledged_notice_is_never_escalated(known, intake, service_user, coordinator):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=OSLO), tick=False):
        notice = send(intake, service_user)
        notice.acknowledge(by=coordinator)
    with time_machine.travel(datetime.datetime(2026, 6, 10, 9, 0, tzinfo=OSLO), tick=False):
        assert escalate_overdue_notices() == 0


# --- dashboard --------------------------------------------------------------------------


def test_the_notice_is_at_the_top_of_the_coordinators_dashboard_until_acknowledged(
    client, known, intake, service_user, coordinator
):
    notice = send(intake, service_user)
    client.force_login(coordinator)
    html = client.get("/").content.decode()
    link = reverse("referrals:notice_detail", args=[notice.pk])
    assert link in html
    assert html.index(link) < html.index('id="my-service-users-title"')
    notice.acknowledge(by=coordinator)
    assert link not in client.get("/").content.decode()


# --- pages: three personas ------------------------------------------------------------


def test_the_intake_clinician_sends_a_notice_on_the_page(client, known, intake, service_user):
    client.force_login(intake)
    assert client.get(reverse("referrals:notice_create")).status_code == 200
    response = client.post(
        reverse("referrals:notice_create"),
        {"service_user": service_user.pk, "kind": "discharge_planned", "expected_date": ""},
    )
    assert response.status_code == 200
    assert "expected_date" in response.content.decode()
    response = client.post(
        reverse("referrals:notice_create"),
        {"service_user": service_user.pk, "kind": "admitted", "note": "Innlagd i natt."},
    )
    assert response.status_code == 302
    assert Notice.objects.get().note == "Innlagd i natt."


def test_a_read_only_intake_member_cannot_send(client, known, intake_reader):
    client.force_login(intake_reader)
    assert client.get(reverse("referrals:notice_create")).status_code == 403


def test_the_coordinator_acknowledges_on_the_page_and_the_sender_sees_who(
    client, known, intake, service_user, coordinator
):
    notice = send(intake, service_user)
    client.force_login(coordinator)
    url = reverse("referrals:notice_detail", args=[notice.pk])
    assert "Kvitter" in client.get(url).content.decode() or client.get(url).status_code == 200
    response = client.post(
        reverse("referrals:notice_acknowledge", args=[notice.pk]), {"next_of_kin_informed": ""}
    )
    assert response.status_code == 302
    client.force_login(intake)
    html = client.get(url).content.decode()
    assert coordinator.username in html


def test_read_only_and_outsider_personas_on_the_notice_pages(
    client, known, intake, service_user, reader, outsider
):
    notice = send(intake, service_user)
    detail = reverse("referrals:notice_detail", args=[notice.pk])
    acknowledge = reverse("referrals:notice_acknowledge", args=[notice.pk])
    client.force_login(reader)
    assert client.get(detail).status_code == 200
    assert client.post(acknowledge, {}).status_code == 403
    client.force_login(outsider)
    assert client.get(detail).status_code == 404
    assert client.post(acknowledge, {}).status_code == 404
    assert (
        service_user.last_name not in client.get(reverse("referrals:notice_list")).content.decode()
    )


# --- API ---------------------------------------------------------------------------------


def test_the_api_sends_lists_and_acknowledges(
    client, known, intake, service_user, coordinator, outsider, reader
):
    client.force_login(intake)
    response = client.post(
        "/api/v1/notices/",
        {"service_user": service_user.pk, "kind": "admitted", "note": ""},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    notice_id = response.json()["id"]
    bad = client.post(
        "/api/v1/notices/",
        {"service_user": service_user.pk, "kind": "discharge_planned"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "expected_date" in bad.json()

    client.force_login(reader)
    assert client.post(f"/api/v1/notices/{notice_id}/acknowledge/").status_code == 403
    client.force_login(outsider)
    assert client.post(f"/api/v1/notices/{notice_id}/acknowledge/").status_code == 404
    assert client.get("/api/v1/notices/").json()["results"] == []

    client.force_login(coordinator)
    listed = client.get("/api/v1/notices/", {"acknowledged": "false"}).json()["results"]
    assert [row["id"] for row in listed] == [notice_id]
    response = client.post(f"/api/v1/notices/{notice_id}/acknowledge/")
    assert response.status_code == 200
    assert response.json()["acknowledged_by"] == coordinator.username
    assert client.get("/api/v1/notices/", {"acknowledged": "false"}).json()["results"] == []
    by_person = client.get("/api/v1/notices/", {"service_user": service_user.pk}).json()
    assert len(by_person["results"]) == 1


def test_the_notice_page_and_api_write_the_access_log(
    client, known, intake, service_user, coordinator
):
    notice = send(intake, service_user)
    client.force_login(coordinator)
    client.get(reverse("referrals:notice_detail", args=[notice.pk]))
    client.get("/api/v1/notices/")
    actions = set(
        AccessLog.objects.filter(user=coordinator, service_user=service_user).values_list(
            "action", flat=True
        )
    )
    assert {"view", "list"} <= actions
