"""A person's data export as PDF, made by a real Celery worker on Redis: the
page answers at once, the same export asked again while it runs is the same
job, and the stored PDF is downloaded with the access log written."""

import io

import pytest
from pypdf import PdfReader

from bops.audit import AccessLog
from privacy.models import ExportJob
from tests import factories
from tests.jobs.conftest import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.worker]


@pytest.fixture
def coordinator_and_person(transactional_db):
    home = factories.MunicipalityFactory(name="Lærdal", number="1422")
    service = factories.OrganisationFactory(municipal_service_in=home)
    coordinator = factories.member_of(service, username="heimekoordinator")
    person = factories.ServiceUserFactory(
        home_municipality=home, first_name="Ragnhild", last_name="Kvernes"
    )
    return coordinator, person


def test_the_export_runs_on_a_worker_is_joined_while_it_runs_and_is_logged_on_download(
    client, coordinator_and_person, start_worker, table_lock
):
    coordinator, person = coordinator_and_person
    start_worker("a")
    client.force_login(coordinator)
    export_url = f"/privacy/service-users/{person.pk}/export.pdf"
    # The worker waits at the access log (part of the export) until released.
    table_lock.lock("bops_accesslog")
    response = client.get(export_url)
    assert response.status_code == 302
    location = response["Location"]
    wait_for(table_lock.someone_waits, 60, what="the worker to be collecting the data")

    running = client.get(location, HTTP_ACCEPT="application/json").json()
    assert running == {"status": "running", "progress": 10, "pdf_url": None}
    assert '<meta http-equiv="refresh"' in client.get(location).content.decode()
    # Asked again while it runs: the same job.
    assert client.get(export_url)["Location"] == location

    table_lock.release()
    done = wait_for(
        lambda: (
            (s := client.get(location, HTTP_ACCEPT="application/json").json())["status"] == "done"
            and s
        ),
        60,
        what="the PDF",
    )
    assert ExportJob.objects.count() == 1
    assert AccessLog.objects.filter(action="pdf").count() == 0
    pdf = client.get(done["pdf_url"])
    text = PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages[0].extract_text()
    assert "Ragnhild" in text and person.national_id in text
    assert (
        AccessLog.objects.filter(user=coordinator, action="pdf", service_user=person).count() == 1
    )
