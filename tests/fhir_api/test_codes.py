"""The no-basis identifier systems and the status mappings, as tables."""

import pytest

from capacity.models import Application
from fhir_api import codes
from referrals.choices import Status, Urgency
from tests.fhir_api.validation import REQUIRED

S = Status
FNR, DNR = codes.FNR_SYSTEM, codes.DNR_SYSTEM


@pytest.mark.parametrize(
    ("number", "system"),
    [
        ("15076500565", FNR),  # fødselsnummer, day 15
        ("01010100050", FNR),  # day 01
        ("31129956715", FNR),  # day 31
        ("55076500565", DNR),  # D-number: day 15 + 40
        ("41010100050", DNR),  # D-number: day 01 + 40
        ("71129956715", DNR),  # D-number: day 31 + 40
        ("15881181816", FNR),  # synthetic fødselsnummer (month + 80)
        ("55881181816", DNR),  # synthetic D-number
    ],
)
def test_the_identifier_system_is_read_from_the_number(number, system):
    assert codes.national_id_system(number) == system


def test_the_systems_are_the_no_basis_oids():
    assert FNR == "urn:oid:2.16.578.1.12.4.1.4.1"
    assert DNR == "urn:oid:2.16.578.1.12.4.1.4.2"


# BOPS status -> (ServiceRequest.status, Task.status, national businessStatus)
REFERRAL_TABLE = [
    (S.DRAFT, "", False, "draft", "draft", None),
    (S.SENT, "", False, "active", "requested", None),
    (S.RECEIVED, "", False, "active", "received", "mottatt"),
    (S.INFO_REQUESTED, "", False, "on-hold", "on-hold", "mottatt"),
    (S.ACCEPTED, "", False, "active", "accepted", "vurdert-behov"),
    (S.ACCEPTED, "", True, "active", "accepted", "planlagt"),
    (S.REJECTED, "needs_more_information", False, "revoked", "rejected", "avvist-mangelfull"),
    (S.REJECTED, "not_specialist_level", False, "revoked", "rejected", "vurdert-ikke-behov"),
    (S.REJECTED, "wrong_unit", False, "revoked", "rejected", "vurdert-ikke-behov"),
    (S.STARTED, "", True, "active", "in-progress", "planlagt"),
    (S.COMPLETED, "", True, "completed", "completed", "avsluttet"),
    (S.WITHDRAWN, "", False, "revoked", "cancelled", "avsluttet"),
    (S.ACKNOWLEDGED, "", False, "completed", "completed", "avsluttet"),
]


@pytest.mark.parametrize(
    ("status", "reason", "planned", "request_status", "task", "national"), REFERRAL_TABLE
)
def test_a_referral_status_maps_to_fhir_and_the_national_code(
    status, reason, planned, request_status, task, national
):
    assert codes.REQUEST_STATUS[status] == request_status
    assert codes.TASK_STATUS[status] == task
    assert codes.henvisningsstatus(status, reason, "2026-01-05" if planned else None) == national


def test_every_referral_status_is_mapped_into_the_r4_value_sets():
    assert set(codes.REQUEST_STATUS) == set(S)
    assert set(codes.TASK_STATUS) == set(S)
    assert set(codes.REQUEST_STATUS.values()) <= REQUIRED[("ServiceRequest", "status")]
    assert set(codes.TASK_STATUS.values()) <= REQUIRED[("Task", "status")]
    assert set(codes.PRIORITY) == set(Urgency)
    assert set(codes.PRIORITY.values()) <= REQUIRED[("ServiceRequest", "priority")]
    national = {codes.henvisningsstatus(s) for s in S} - {None}
    assert national <= set(codes.HENVISNINGSSTATUS_DISPLAY)


@pytest.mark.parametrize(
    ("status", "episode"),
    [
        (Application.Status.WAITING, "waitlist"),
        (Application.Status.OFFERED, "waitlist"),
        (Application.Status.ACCEPTED, "waitlist"),
        (Application.Status.ADMITTED, "finished"),
        (Application.Status.DECLINED, "cancelled"),
        (Application.Status.WITHDRAWN, "cancelled"),
        (Application.Status.EXPIRED, "cancelled"),
    ],
)
def test_an_application_is_an_episode_on_the_waiting_list_until_decided(status, episode):
    assert codes.APPLICATION_EPISODE_STATUS[status] == episode


def test_every_application_status_is_mapped():
    assert set(codes.APPLICATION_EPISODE_STATUS) == set(Application.Status)
    assert set(codes.APPLICATION_EPISODE_STATUS.values()) <= REQUIRED[("EpisodeOfCare", "status")]
