"""The council report as a job on a real Celery worker and Redis: the page
answers at once, shows progress, joins a second request for the same report,
and a worker killed mid-report loses nothing."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from bops.mail import SentMail
from reports.models import ReportJob
from tests import factories
from tests.jobs.conftest import sent_mails, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.worker]

Q1 = {"from": "2025-01-01", "to": "2025-03-31", "language": "nn"}
URL = reverse("reports:council")


@pytest.fixture
def reader(transactional_db):
    council = factories.OrganisationFactory(name="Sogn regionråd", kind="council")
    user = factories.member_of(council, role="council_reader", username="regionrad")
    user.email = "regionrad@example.org"
    user.save(update_fields=["email"])
    factories.PrivatePurchaseFactory()  # the report reads this table
    return user


def job_state(client, location):
    return client.get(location, HTTP_ACCEPT="application/json").json()


def stored_pdfs(job) -> list[Path]:
    """The job's PDF files (a second one would be stored as ...-job-<id>_<random>.pdf)."""
    folder = Path(settings.MEDIA_ROOT) / "reports" / "council"
    return sorted(folder.glob(f"council-report-job-{job.pk}*.pdf"))


def test_the_job_page_shows_progress_until_the_pdf_is_ready(
    client, reader, start_worker, table_lock
):
    worker = start_worker("a")
    client.force_login(reader)
    table_lock.lock("municipalities_privatepurchase")
    response = client.get(URL, Q1)
    assert response.status_code == 302
    location = response["Location"]
    wait_for(table_lock.someone_waits, 60, what="the worker to be making the figures")

    running = job_state(client, location)
    assert running["status"] == "running"
    assert 0 < running["progress"] < 100
    assert running["pdf_url"] is None
    page = client.get(location).content.decode()
    assert '<meta http-equiv="refresh"' in page

    table_lock.release()
    done = wait_for(
        lambda: (s := job_state(client, location))["status"] == "done" and s, 60, what="the PDF"
    )
    assert done["progress"] == 100
    pdf = client.get(done["pdf_url"])
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert 'http-equiv="refresh"' not in client.get(location).content.decode()
    # The worker's JSON lines about the job carry the id of the request that started it.
    job_lines = [
        json.loads(line)
        for line in worker.log.read_text().splitlines()
        if line.startswith("{") and '"reports.jobs"' in line
    ]
    assert {"report job started", "report job done"} <= {r["message"] for r in job_lines}
    assert {r["request_id"] for r in job_lines} == {response["X-Request-ID"]}


def test_the_same_report_asked_twice_while_it_runs_is_one_job(
    client, reader, start_worker, table_lock
):
    start_worker("a")
    client.force_login(reader)
    table_lock.lock("municipalities_privatepurchase")
    first = client.get(URL, Q1)["Location"]
    wait_for(table_lock.someone_waits, 60, what="the worker to start")
    second = client.get(URL, Q1)["Location"]
    assert first == second
    assert ReportJob.objects.count() == 1

    table_lock.release()
    wait_for(lambda: job_state(client, first)["status"] == "done", 60, what="the PDF")
    # Finished, it is listed for download; asking again makes a fresh one.
    form = client.get(URL).content.decode()
    assert reverse("reports:job_pdf", args=[ReportJob.objects.get().pk]) in form
    assert client.get(URL, Q1)["Location"] != first


def test_a_worker_killed_mid_report_loses_nothing(
    client, reader, start_worker, table_lock, mail_dir
):
    doomed = start_worker("doomed")
    client.force_login(reader)
    table_lock.lock("municipalities_privatepurchase")
    location = client.get(URL, Q1)["Location"]
    wait_for(table_lock.someone_waits, 60, what="the worker to be mid-report")
    job = ReportJob.objects.get()
    assert (job.status, job.attempts) == (ReportJob.Status.RUNNING, 1)

    doomed.kill()
    table_lock.release()
    start_worker("survivor")
    wait_for(lambda: job_state(client, location)["status"] == "done", 90, what="the rerun")

    job.refresh_from_db()
    assert job.attempts == 2
    assert len(stored_pdfs(job)) == 1
    assert stored_pdfs(job)[0].read_bytes().startswith(b"%PDF-")
    # The requester is told once.
    wait_for(lambda: SentMail.objects.filter(sent_at__isnull=False).exists(), 30, what="mail")
    assert len(sent_mails(mail_dir)) == 1
