"""/reports/jobs/<id>/ and its PDF, in process (the real-worker tests are in
tests/jobs/): who may see a job, what the page and its JSON say."""

import datetime

import pytest
from django.urls import reverse

from reports.models import ReportJob

URL = reverse("reports:council")
Q1 = {"from": "2025-01-01", "to": "2025-03-31", "language": "nn"}


@pytest.fixture
def job(council):
    return ReportJob.objects.create(
        council=council,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31),
        language="nn",
    )


def test_a_queued_job_says_so_in_json_and_refreshes_its_page(client, council_reader, job):
    client.force_login(council_reader)
    url = reverse("reports:job", args=[job.pk])
    assert client.get(url, HTTP_ACCEPT="application/json").json() == {
        "status": "queued",
        "progress": 0,
        "pdf_url": None,
    }
    page = client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "<script" not in page
    assert client.get(reverse("reports:job_pdf", args=[job.pk])).status_code == 404


def test_the_same_report_asked_for_while_queued_is_the_same_job(client, council_reader):
    client.force_login(council_reader)
    first = client.get(URL, Q1)["Location"]  # queued: the job starts when the request commits
    assert client.get(URL, Q1)["Location"] == first
    assert client.get(URL, {**Q1, "language": "en"})["Location"] != first
    assert ReportJob.objects.count() == 2


def test_a_done_job_links_its_pdf_and_stops_refreshing(client, council_reader, job):
    job.finish(b"%PDF-1.7\n")
    client.force_login(council_reader)
    url = reverse("reports:job", args=[job.pk])
    state = client.get(url, HTTP_ACCEPT="application/json").json()
    assert state == {
        "status": "done",
        "progress": 100,
        "pdf_url": reverse("reports:job_pdf", args=[job.pk]),
    }
    assert "refresh" not in client.get(url).content.decode()
    pdf = client.get(state["pdf_url"])
    assert b"".join(pdf.streaming_content) == b"%PDF-1.7\n"
    assert (
        "bops-council-report-sogn-regionrad-2025-01-01-2025-03-31.pdf" in pdf["Content-Disposition"]
    )


def test_a_failed_job_says_what_to_do(client, council_reader, job, settings):
    job.fail("ValueError")
    client.force_login(council_reader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen; Accept-Language is ignored
    page = client.get(reverse("reports:job", args=[job.pk]))
    assert "could not be made" in page.content.decode()


@pytest.mark.parametrize("who", ["coordinator", "reader", "outsider"])
def test_people_who_may_not_read_the_report_get_404(request, client, who, job):
    job.finish(b"%PDF-1.7\n")
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:job_pdf", args=[job.pk])).status_code == 404


def test_finished_reports_are_listed_for_download_again(client, council_reader, job):
    job.finish(b"%PDF-1.7\n")
    client.force_login(council_reader)
    page = client.get(URL).content.decode()
    assert reverse("reports:job_pdf", args=[job.pk]) in page
    assert "01.01.2025–31.03.2025" in page
