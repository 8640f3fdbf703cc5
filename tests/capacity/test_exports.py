"""CSV exports of the waiting list and the stays: a real download for a
Norwegian spreadsheet, for the residence's staff, logged per person."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from bops.audit import AccessLog
from tests.capacity.views_helpers import applicant, resident, today  # noqa: F401

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def people(residence, home, elsewhere):
    return {
        "waiting": [
            applicant(residence, home, first_name="Åse", last_name="Ærø"),
            applicant(
                residence, elsewhere, applied_on=datetime.date(2026, 2, 20), first_name="Øystein"
            ),
        ],
        "stays": [resident(residence, "A1", home, first_name="Kåre", last_name="Bøe")],
    }


def download(client, residence, name):
    return client.get(reverse(f"capacity:{name}", args=[residence.pk]))


def rows_of(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_the_waiting_list_downloads_with_bom_semicolons_and_aeoeaa(
    client, staff, residence, people
):
    client.force_login(staff)
    response = download(client, residence, "waiting_list_csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    header, *rows = rows_of(response)
    assert header[:3] == ["Plass i køen", "Namn", "Fødselsnummer"]
    assert rows[0][:2] == ["1", "Åse Ærø"]
    assert rows[0][7] == "01.02.2026"
    assert len(rows) == 2


def test_the_stays_download(client, staff, residence, people):
    client.force_login(staff)
    header, *rows = rows_of(download(client, residence, "stays_csv"))
    assert header[0] == "Plass"
    assert rows == [
        [
            "A1",
            rows[0][1],
            "Kåre Bøe",
            people["stays"][0].service_user.national_id,
            people["stays"][0].paying_municipality.name,
            "01.01.2026",
            "",
            "",
            "68",
        ]
    ]


def test_each_export_writes_one_access_log_row_per_person(client, staff, residence, people):
    client.force_login(staff)
    before = AccessLog.objects.count()
    download(client, residence, "waiting_list_csv")
    assert AccessLog.objects.count() == before + 2
    assert set(
        AccessLog.objects.filter(action=AccessLog.Action.EXPORT).values_list(
            "service_user", flat=True
        )
    ) == {a.service_user_id for a in people["waiting"]}
    download(client, residence, "stays_csv")
    assert AccessLog.objects.count() == before + 3


def test_read_only_staff_may_export(client, staff_reader, residence, people):
    client.force_login(staff_reader)
    assert download(client, residence, "stays_csv").status_code == 200


def test_coordinators_and_council_readers_get_no_personal_data(
    client, coordinator, council_reader, outsider, residence, people
):
    for user in (coordinator, council_reader, outsider):
        client.force_login(user)
        for name in ("waiting_list_csv", "stays_csv"):
            response = download(client, residence, name)
            assert response.status_code in (403, 404)
            assert "Åse" not in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()
