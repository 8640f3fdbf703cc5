"""Who sees what on /fhir/R4/: the same for_user() scope as the JSON API,
the API's own authentication, and errors as OperationOutcome."""

import pytest
from django.test import Client
from knox.models import AuthToken

from bops.audit import AccessLog
from tests.fhir_api.conftest import api, fhir_ids, json_api_ids
from tests.fhir_api.validation import validate

pytestmark = pytest.mark.django_db

PAIRS = [
    ("Patient", "/api/v1/service-users/", ""),
    ("ServiceRequest", "/api/v1/referrals/", ""),
    ("Task", "/api/v1/referrals/", ""),
    ("EpisodeOfCare", "/api/v1/stays/", "stay-"),
    ("EpisodeOfCare", "/api/v1/applications/", "application-"),
]


@pytest.mark.parametrize("persona", ["coordinator", "reader", "outsider", "clinician"])
@pytest.mark.parametrize(("resource_type", "json_path", "prefix"), PAIRS)
def test_each_persona_sees_on_fhir_what_the_json_api_shows(
    world, reader, outsider, persona, resource_type, json_path, prefix
):
    user = {
        "coordinator": world.coordinator,
        "reader": reader,
        "outsider": outsider,
        "clinician": world.clinician,
    }[persona]
    client = api(user)
    on_fhir = {i for i in fhir_ids(client, resource_type) if i.startswith(prefix)}
    on_json = {f"{prefix}{pk}" for pk in json_api_ids(client, json_path)}
    assert on_fhir == on_json
    if persona in ("coordinator", "reader"):
        assert on_fhir, "the home coordinator and reader see the person's rows"
    if persona == "outsider":
        assert not on_fhir & {str(world.person.pk), str(world.referral.pk)}


@pytest.mark.parametrize(
    "path",
    [
        "Patient/{person}",
        "ServiceRequest/{referral}",
        "Task/{referral}",
        "EpisodeOfCare/stay-{stay}",
        "EpisodeOfCare/application-{application}",
        "Patient/{person}/$everything",
    ],
)
def test_an_outsider_gets_404_as_operation_outcome_and_no_name(world, outsider, path):
    url = "/fhir/R4/" + path.format(
        person=world.person.pk,
        referral=world.referral.pk,
        stay=world.stay.pk,
        application=world.application.pk,
    )
    assert api(world.coordinator).get(url).status_code == 200
    response = api(outsider).get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/fhir+json")
    body = response.json()
    validate(body)
    assert body["issue"][0]["code"] == "not-found"
    assert "Fhirdottir" not in response.content.decode()


def test_the_intake_clinician_reads_the_referral_but_not_the_whole_record(world):
    client = api(world.clinician)
    assert client.get(f"/fhir/R4/ServiceRequest/{world.referral.pk}").status_code == 200
    assert client.get(f"/fhir/R4/Patient/{world.person.pk}").status_code == 200
    # The export of the whole record is the home coordinator's, as in the JSON export.
    assert client.get(f"/fhir/R4/Patient/{world.person.pk}/$everything").status_code == 404


def test_without_credentials_the_answer_is_401_with_the_token_scheme(world):
    response = Client().get(f"/fhir/R4/Patient/{world.person.pk}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["issue"][0]["code"] == "login"


def test_a_token_from_the_api_opens_the_fhir_api(world):
    _, token = AuthToken.objects.create(user=world.coordinator)
    response = Client().get(
        f"/fhir/R4/Patient/{world.person.pk}",
        HTTP_AUTHORIZATION=f"Token {token}",
        HTTP_ACCEPT="application/fhir+json",
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    assert response.json()["name"][0]["family"] == "Fhirdottir"


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Patient?name=x", "name"),
        ("ServiceRequest?status=bogus", "bogus"),
        ("ServiceRequest?_count=0", "_count"),
        ("ServiceRequest?_count=ten", "ten"),
        ("ServiceRequest?_lastUpdated=yesterday", "yesterday"),
        ("ServiceRequest?_cursor=abc", "abc"),
        ("ServiceRequest?patient=Patient/abc", "abc"),
        ("Patient?_format=xml", "xml"),
    ],
)
def test_a_bad_search_is_a_400_operation_outcome_saying_what_is_wrong(world, query, words):
    response = api(world.coordinator).get(f"/fhir/R4/{query}")
    assert response.status_code == 400
    body = response.json()
    validate(body)
    assert body["issue"][0]["code"] == "invalid"
    assert words in body["issue"][0]["diagnostics"]


def test_an_unknown_type_or_id_form_is_404(world):
    client = api(world.coordinator)
    for path in ("Observation", "Patient/abc", "EpisodeOfCare/12", "Patient/999999"):
        response = client.get(f"/fhir/R4/{path}")
        assert response.status_code == 404, path
        assert response.json()["resourceType"] == "OperationOutcome"


def test_writing_is_not_supported(world):
    response = api(world.coordinator).post("/fhir/R4/Patient", {}, format="json")
    assert response.status_code == 405
    assert response.json()["issue"][0]["code"] == "not-supported"


def test_the_capability_statement_lists_exactly_what_is_served(client):
    response = client.get("/fhir/R4/metadata")
    assert response.status_code == 200
    statement = response.json()
    validate(statement)
    resources = {r["type"]: r for r in statement["rest"][0]["resource"]}
    searchable = {
        "Patient", "Organization", "ServiceRequest", "Task", "EpisodeOfCare", "AuditEvent",
        "CarePlan", "CareTeam",
    }  # fmt: skip
    # The rest of the person's record: read by id and in $everything only.
    assert set(resources) == searchable | {"Consent", "Observation", "Provenance"}
    for name, resource in resources.items():
        interactions = {i["code"] for i in resource["interaction"]}
        assert interactions == ({"read", "search-type"} if name in searchable else {"read"})
    assert statement["fhirVersion"] == "4.0.1"
    assert [op["name"] for op in resources["Patient"]["operation"]] == ["everything"]
    # The plan's meetings, history and owner login are not listed: they are
    # only inside $everything, and the statement says so.
    everything = resources["Patient"]["operation"][0]["documentation"]
    assert all(t in everything for t in ("Encounter", "Basic", "plan-history-"))
    assert "Encounter" in statement["rest"][0]["documentation"]
    for name in ("ServiceRequest", "CarePlan", "CareTeam"):
        params = {p["name"] for p in resources[name]["searchParam"]}
        assert params == {"patient", "subject", "status", "_lastUpdated", "identifier", "_count"}


# --- searching ---------------------------------------------------------------


def test_search_by_national_number_with_its_system(world):
    client = api(world.coordinator)
    number = world.person.national_id
    assert fhir_ids(client, "Patient", f"identifier=urn:oid:2.16.578.1.12.4.1.4.1|{number}") == [
        str(world.person.pk)
    ]
    # The same number is not a D-number.
    assert fhir_ids(client, "Patient", f"identifier=urn:oid:2.16.578.1.12.4.1.4.2|{number}") == []
    # Another municipality's person is not found by number either.
    other = world.other.national_id
    assert fhir_ids(client, "Patient", f"identifier=urn:oid:2.16.578.1.12.4.1.4.1|{other}") == []


def test_search_by_patient_status_and_last_updated(world):
    client = api(world.coordinator)
    person = world.person.pk
    both = [str(world.referral.pk), str(world.application.referral_id)]
    assert fhir_ids(client, "ServiceRequest", f"patient=Patient/{person}") == sorted(both, key=int)
    assert fhir_ids(client, "ServiceRequest", f"subject={person}") == sorted(both, key=int)
    assert fhir_ids(client, "Task", f"patient={person}&status=received") == [str(world.referral.pk)]
    assert fhir_ids(client, "Task", f"patient={person}&status=completed") == []
    assert fhir_ids(client, "EpisodeOfCare", f"patient={person}&status=waitlist") == [
        f"application-{world.application.pk}"
    ]
    updated = world.referral.updated_at.date().isoformat()
    assert str(world.referral.pk) in fhir_ids(client, "ServiceRequest", f"_lastUpdated=ge{updated}")
    assert fhir_ids(client, "ServiceRequest", f"_lastUpdated=lt{updated}") == []
    assert fhir_ids(client, "ServiceRequest", "_lastUpdated=gt2999-01-01") == []


# --- the access log ----------------------------------------------------------


def test_every_answer_naming_a_person_writes_the_access_log(world):
    client = api(world.coordinator)
    person = world.person.pk

    def logged(action):
        return list(
            AccessLog.objects.filter(user=world.coordinator, action=action).values_list(
                "service_user_id", "route"
            )
        )

    client.get(f"/fhir/R4/Patient/{person}")
    assert logged("api_read") == [(person, "fhir:patient-read")]
    client.get(f"/fhir/R4/EpisodeOfCare?patient={person}")
    assert logged("list") == [(person, "fhir:episodeofcare-search")]
    client.get(f"/fhir/R4/Patient/{person}/$everything")
    assert logged("export") == [(person, "fhir:patient-everything")]
    before = AccessLog.objects.count()
    client.get("/fhir/R4/Organization")
    client.get("/fhir/R4/metadata")
    api(None).get(f"/fhir/R4/Patient/{person}")
    assert AccessLog.objects.count() == before, "no person named, nothing logged"


def test_the_person_sees_who_looked_as_audit_events(world):
    api(world.clinician).get(f"/fhir/R4/ServiceRequest/{world.referral.pk}")
    bundle = api(world.coordinator).get(f"/fhir/R4/AuditEvent?patient={world.person.pk}").json()
    events = [e["resource"] for e in bundle["entry"]]
    validate(bundle)
    assert [e["agent"][0]["who"]["display"] for e in events] == ["klinikar"]
    assert events[0]["entity"][0]["what"]["reference"] == f"Patient/{world.person.pk}"
    # The access log is the home coordinator's to produce, not the clinician's.
    assert fhir_ids(api(world.clinician), "AuditEvent") == []


def test_a_session_without_the_second_factor_is_refused_not_redirected(world, settings, client):
    settings.BOPS_REQUIRE_2FA = True
    client.force_login(world.coordinator)
    response = client.get(f"/fhir/R4/Patient/{world.person.pk}")
    assert response.status_code == 403
    assert "Fhirdottir" not in response.content.decode()
