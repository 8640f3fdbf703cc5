"""/privacy/export-jobs/<id>/ and its PDF, in process (the real-worker test is
in tests/jobs/test_export_jobs.py): asking for a person's data as PDF starts a
job and answers at once; the job page, its JSON and the stored PDF are for
those who answer the person's access request."""

import datetime
import io
from pathlib import Path

import pytest
import time_machine
from pypdf import PdfReader

from bops.audit import AccessLog
from municipalities.models import Membership, Organisation
from privacy.anonymise import anonymise
from privacy.jobs import purge_exports, start_export
from privacy.models import ExportJob
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(home):
    return factories.ServiceUserFactory(
        home_municipality=home, first_name="Ragnhild", last_name="Kvernes"
    )


def _export_url(person):
    return f"/privacy/service-users/{person.pk}/export.pdf"


def _job_url(job):
    return f"/privacy/export-jobs/{job.pk}/"


@pytest.fixture
def queued(person, coordinator):
    """A job asked for, not yet taken by a worker (its task runs on commit)."""
    return start_export(person, ExportJob.Kind.EXPORT, "nn", by=coordinator)[0]


@pytest.fixture
def done(person, coordinator, django_capture_on_commit_callbacks):
    """A job run in this process, as with no broker."""
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = start_export(person, ExportJob.Kind.EXPORT, "nn", by=coordinator)
    job.refresh_from_db()
    return job


def _json(client, job):
    return client.get(_job_url(job), HTTP_ACCEPT="application/json").json()


def test_asking_for_the_pdf_answers_with_the_job_page_at_once(client, coordinator, person):
    client.force_login(coordinator)
    response = client.get(_export_url(person))
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"] == _job_url(job)
    assert _json(client, job) == {"status": "queued", "progress": 0, "pdf_url": None}
    page = client.get(_job_url(job)).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "<script" not in page
    # The page names no one.
    assert "Ragnhild" not in page and person.national_id not in page
    assert client.get(f"{_job_url(job)}pdf/").status_code == 404
    assert AccessLog.objects.filter(action="pdf").count() == 0


def test_the_same_pdf_asked_for_while_it_is_made_is_the_same_job(client, coordinator, person):
    client.force_login(coordinator)
    first = client.get(_export_url(person))["Location"]
    assert client.get(_export_url(person))["Location"] == first
    log = client.get(f"/privacy/service-users/{person.pk}/access-log.pdf")["Location"]
    assert log != first
    assert ExportJob.objects.count() == 2


def test_with_no_broker_the_job_runs_in_process_and_the_download_is_logged(
    client, coordinator, person, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        location = client.get(_export_url(person))["Location"]
    state = client.get(location, HTTP_ACCEPT="application/json").json()
    assert state["status"] == "done" and state["progress"] == 100
    page = client.get(location).content.decode()
    assert 'http-equiv="refresh"' not in page and state["pdf_url"] in page
    assert AccessLog.objects.filter(action="pdf").count() == 0  # not downloaded yet
    pdf = client.get(state["pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "Ragnhild" not in pdf["Content-Disposition"]
    assert pdf["Cache-Control"] == "no-store"
    text = PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages[0].extract_text()
    assert "Ragnhild" in text and person.national_id in text
    assert (
        AccessLog.objects.filter(user=coordinator, action="pdf", service_user=person).count() == 1
    )


def test_the_job_follows_the_language_it_was_asked_in(
    client, coordinator, person, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        location = client.get(f"/privacy/service-users/{person.pk}/access-log.pdf")["Location"]
    job = ExportJob.objects.get()
    assert job.language == "en" and job.kind == ExportJob.Kind.ACCESS_LOG
    pdf = client.get(client.get(location, HTTP_ACCEPT="application/json").json()["pdf_url"])
    assert (
        "Who accessed"
        in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages[0].extract_text()
    )


@pytest.mark.parametrize("which", ["page", "json", "pdf"])
def test_only_those_who_answer_the_persons_access_request_see_the_job(
    client, done, reader, outsider, which
):
    council = factories.OrganisationFactory(name="Sogn regionråd", kind=Organisation.Kind.COUNCIL)
    council_reader = factories.member_of(council, role=Membership.Role.COUNCIL_READER)
    dps = factories.OrganisationFactory(name="DPS", kind=Organisation.Kind.DPS)
    clinician = factories.member_of(dps, role=Membership.Role.INTAKE)
    url = f"{_job_url(done)}pdf/" if which == "pdf" else _job_url(done)
    headers = {"HTTP_ACCEPT": "application/json"} if which == "json" else {}
    for user in (outsider, council_reader, clinician):
        client.force_login(user)
        response = client.get(url, **headers)
        assert response.status_code == 404
        assert b"Ragnhild" not in b"".join(getattr(response, "streaming_content", [b""]))
    assert AccessLog.objects.count() == 0
    # A read-only coordinator of the person's municipality answers access requests.
    client.force_login(reader)
    assert client.get(url, **headers).status_code == 200


def test_an_anonymous_visitor_is_sent_to_login(client, done):
    response = client.get(_job_url(done))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_failed_job_says_so_and_stops_refreshing(client, coordinator, queued):
    queued.fail("OSError")
    client.force_login(coordinator)
    assert _json(client, queued)["status"] == "failed"
    page = client.get(_job_url(queued)).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "PDF-en kunne ikkje lagast" in page  # Nynorsk, the default


def test_a_new_pdf_replaces_the_requesters_earlier_one(
    coordinator, person, done, django_capture_on_commit_callbacks
):
    first_file = Path(done.pdf.path)
    assert first_file.exists()
    with django_capture_on_commit_callbacks(execute=True):
        second, created = start_export(person, ExportJob.Kind.EXPORT, "nn", by=coordinator)
    assert created
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [second.pk]
    assert not first_file.exists()


def test_stored_pdfs_are_purged_after_the_keeping_days(done, settings):
    settings.BOPS_EXPORT_KEEP_DAYS = 7
    path = Path(done.pdf.path)
    with time_machine.travel(done.created_at + datetime.timedelta(days=6)):
        assert purge_exports() == 0
    with time_machine.travel(done.created_at + datetime.timedelta(days=8)):
        assert purge_exports() == 1
    assert not ExportJob.objects.exists() and not path.exists()


def test_anonymisation_deletes_the_stored_pdfs(done, person, django_capture_on_commit_callbacks):
    path = Path(done.pdf.path)
    with django_capture_on_commit_callbacks(execute=True):
        changed = anonymise(person)
    assert changed["privacy.ExportJob"] == 1
    assert not ExportJob.objects.exists() and not path.exists()


def test_the_job_is_not_part_of_the_persons_data_export(client, coordinator, person, done):
    client.force_login(coordinator)
    data = client.get(f"/privacy/service-users/{person.pk}/export.json").json()
    assert "privacy.exportjob" not in {s["model"] for s in data["sections"]}
