"""/privacy/service-users/<pk>/...: the person's access log and data export,
for the coordinator who serves them."""

import io
import json

import pytest
from pypdf import PdfReader

from bops.audit import AccessLog, log_access
from municipalities.models import Membership, Organisation
from privacy.models import ExportJob
from tests import factories

pytestmark = pytest.mark.django_db


def _urls(person) -> dict[str, str]:
    base = f"/privacy/service-users/{person.pk}/"
    return {
        "page": f"{base}access-log/",
        "log_pdf": f"{base}access-log.pdf",
        "json": f"{base}export.json",
        "pdf": f"{base}export.pdf",
    }


def _pdf_text(response) -> str:
    content = b"".join(response.streaming_content)
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def pdf_of(client, django_capture_on_commit_callbacks):
    """pdf_of(url): ask for a PDF, which starts its job; with no broker the job
    runs in this process when the request commits. The stored PDF's answer."""

    def get(url):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(url)
        assert response.status_code == 302
        state = client.get(response["Location"], HTTP_ACCEPT="application/json").json()
        assert state["status"] == "done"
        return client.get(state["pdf_url"])

    return get


@pytest.fixture
def person(home, home_service):
    person = factories.ServiceUserFactory(
        home_municipality=home, first_name="Ragnhild", last_name="Kvernes"
    )
    factories.ConsentFactory(
        service_user=person, organisation=home_service, note="Munnleg samtykke"
    )
    factories.AssessmentFactory(service_user=person)
    factories.PrivatePurchaseFactory(service_user=person, provider="Fjordtun omsorg AS")
    return person


@pytest.fixture
def earlier_look(rf, outsider, person):
    """Someone else looked at the person earlier (logged as they would be)."""
    request = rf.get("/")
    request.user = outsider
    return log_access(request, person, AccessLog.Action.API_READ)[0]


def test_the_coordinator_sees_who_accessed_the_persons_data(
    client, coordinator, person, earlier_look
):
    client.force_login(coordinator)
    response = client.get(_urls(person)["page"])
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ragnhild Kvernes" in body
    assert "utanforstaande" in body
    assert "lese gjennom API-et" in body  # "read through the API", in Nynorsk
    # Looking at the log is itself a look at the person.
    assert AccessLog.objects.filter(user=coordinator, action="view").count() == 1


def test_the_access_log_pdf_lists_the_same_accesses(
    client, coordinator, person, earlier_look, pdf_of
):
    client.force_login(coordinator)
    response = pdf_of(_urls(person)["log_pdf"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Ragnhild" not in response["Content-Disposition"]
    text = _pdf_text(response)
    assert "utanforstaande" in text
    assert person.national_id in text
    assert AccessLog.objects.filter(user=coordinator, action="pdf").count() == 1


def test_the_json_export_holds_every_row_about_the_person(
    client, coordinator, person, earlier_look
):
    client.force_login(coordinator)
    response = client.get(_urls(person)["json"])
    assert response.status_code == 200
    data = json.loads(response.content)
    fields = {f["name"]: f["value"] for f in data["person"]["fields"]}
    assert fields["national_id"] == person.national_id
    sections = {s["model"]: s for s in data["sections"]}
    assert sections["municipalities.consent"]["rows"][0]["values"]["note"] == "Munnleg samtykke"
    assert len(sections["municipalities.assessment"]["rows"]) == 1
    assert (
        sections["municipalities.privatepurchase"]["rows"][0]["values"]["provider"]
        == "Fjordtun omsorg AS"
    )
    # Discovered generically: the referral model's rows are a section too.
    assert "referrals.referral" in sections
    # The access log is not in the body, but has a section of its own.
    assert "bops.accesslog" not in sections
    assert [e["user"] for e in data["access_log"]] == ["utanforstaande"]
    assert AccessLog.objects.filter(user=coordinator, action="export").count() == 1


def test_the_export_includes_referrals_and_their_events(client, coordinator, person, home_service):
    dps = factories.OrganisationFactory(name="DPS Indre Sogn", kind=Organisation.Kind.DPS)
    referral = person.referrals.create(sender=home_service, receiver=dps, reason="Treng utgreiing")
    referral._transition("send", by=coordinator, note="Sendt i dag")
    client.force_login(coordinator)
    data = client.get(_urls(person)["json"]).json()
    section = next(s for s in data["sections"] if s["model"] == "referrals.referral")
    row = section["rows"][0]
    assert row["values"]["reason"] == "Treng utgreiing"
    events = row["children"][0]
    assert events["model"] == "referrals.referralevent"
    assert events["rows"][0]["values"]["note"] == "Sendt i dag"


def test_the_pdf_export_holds_the_persons_data(client, coordinator, person, pdf_of):
    client.force_login(coordinator)
    response = pdf_of(_urls(person)["pdf"])
    assert response.status_code == 200
    text = _pdf_text(response)
    # Table cells wrap long values: look for single words.
    assert person.national_id in text
    assert "Ragnhild" in text and "Fjordtun" in text and "Munnleg" in text
    assert AccessLog.objects.filter(user=coordinator, action="pdf").count() == 1


@pytest.mark.parametrize("which", ["page", "log_pdf", "json", "pdf"])
def test_outsiders_council_readers_and_intake_clinicians_get_404(client, person, outsider, which):
    council = factories.OrganisationFactory(name="Sogn regionråd", kind=Organisation.Kind.COUNCIL)
    reader = factories.member_of(council, role=Membership.Role.COUNCIL_READER)
    dps = factories.OrganisationFactory(name="DPS", kind=Organisation.Kind.DPS)
    clinician = factories.member_of(dps, role=Membership.Role.INTAKE)
    for user in (outsider, reader, clinician):
        client.force_login(user)
        response = client.get(_urls(person)[which])
        assert response.status_code == 404
        assert b"Ragnhild" not in response.content
    assert AccessLog.objects.count() == 0
    assert not ExportJob.objects.exists()


def test_an_anonymous_visitor_is_sent_to_login(client, person):
    response = client.get(_urls(person)["json"])
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_read_only_coordinator_may_answer_an_access_request(client, reader, person):
    client.force_login(reader)
    assert client.get(_urls(person)["page"]).status_code == 200
