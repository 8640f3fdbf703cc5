"""The contract: every resource type, for all the demo data, is valid FHIR
R4 (tests/fhir_api/validation.py says how and why R4B models)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bops.audit import AccessLog
from fhir_api.everything import EVERYTHING_ONLY
from fhir_api.types import TYPES
from municipalities.models import ServiceUser
from tests import factories
from tests.fhir_api.conftest import api
from tests.fhir_api.validation import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    # Somebody looked at each person: the access log is part of the record.
    viewer = factories.UserFactory(username="fhir-viewer", is_superuser=True)
    for pk in ServiceUser.objects.values_list("pk", flat=True):
        AccessLog.objects.create(user=viewer, service_user_id=pk, action=AccessLog.Action.VIEW)
    return factories.UserFactory(username="fhir-admin", is_superuser=True, is_staff=True)


def _all(client, resource_type):
    url = f"/fhir/R4/{resource_type}?_count=200"
    while url:
        bundle = client.get(url).json()
        validate(bundle)
        yield from (e["resource"] for e in bundle.get("entry", []))
        url = next((link["url"] for link in bundle["link"] if link["relation"] == "next"), None)


def test_every_resource_of_every_type_and_every_record_in_the_demo_data_is_valid(demo):
    client = api(demo)
    seen = {}
    for resource_type in [name for name, t in TYPES.items() if t.searchable]:
        found = list(_all(client, resource_type))
        seen[resource_type] = len(found)
        for resource in found:
            validate(resource)
        # Read by id gives the same resource (a sample: the search builds it the same way).
        for resource in found[:: max(1, len(found) // 15)]:
            read = client.get(f"/fhir/R4/{resource_type}/{resource['id']}")
            assert read.status_code == 200
            assert read.json() == resource
    assert all(seen.values()), f"a type without demo data proves nothing: {seen}"
    assert seen["Patient"] == ServiceUser.objects.count()

    # ... and every demo person's whole record (the patient reads above
    # wrote the access log, so it holds AuditEvents too).
    statuses, ids = set(), set()
    for pk in ServiceUser.objects.values_list("pk", flat=True):
        bundle = client.get(f"/fhir/R4/Patient/{pk}/$everything").json()
        validate(bundle)
        statuses |= {
            (e["resource"]["resourceType"], e["resource"].get("status")) for e in bundle["entry"]
        }
        ids |= {(e["resource"]["resourceType"], e["resource"]["id"]) for e in bundle["entry"]}
    # Every type is in some record; the read-only ones are reached only here,
    # and so are the plan's meetings (Encounter) and owner logins (Basic: the
    # demo has none; tests/fhir_api/test_paging_and_everything.py validates one).
    assert set(TYPES) | {"Encounter"} <= {t for t, _ in statuses}
    assert {t for t, _ in statuses} <= set(TYPES) | set(EVERYTHING_ONLY)
    assert {("Encounter", "finished"), ("Encounter", "planned")} <= statuses
    assert any(t == "Provenance" and i.startswith("plan-history-") for t, i in ids)
    # The demo reaches the interesting mappings, not just one status each.
    assert {("EpisodeOfCare", "waitlist"), ("EpisodeOfCare", "active")} <= statuses
    assert len({s for t, s in statuses if t == "Task"}) >= 4


def test_a_search_page_costs_the_same_queries_for_one_row_as_for_many(db, home, coordinator):
    person = factories.ServiceUserFactory(home_municipality=home)
    dps = factories.dps_for(home)
    clinician = factories.member_of(dps, role="intake", username="klinikar")
    client = api(coordinator)

    def queries(resource_type):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/fhir/R4/{resource_type}?_count=100").status_code == 200
        return len(ctx.captured_queries)

    def add(n, first=None):
        for i in range(n):
            someone = (
                first if i == 0 and first else factories.ServiceUserFactory(home_municipality=home)
            )
            factories.make_referral(
                "received", sender_user=coordinator, receiver_user=clinician,
                service_user=someone, receiver=dps,
                sender=coordinator.memberships.get().organisation,
            )  # fmt: skip

    searched = [name for name, t in TYPES.items() if t.searchable]
    residence = factories.residence_with_places(40, organisation__municipality=home)

    def episodes(people):
        for person, place in zip(
            people, residence.places.filter(stays__isnull=True).order_by("pk"), strict=False
        ):
            factories.ApplicationFactory(residence=residence, service_user=person)
            factories.StayFactory(service_user=person, place=place)
            factories.PrivatePurchaseFactory(service_user=person)

    add(1, first=person)
    episodes([person])
    one = {t: queries(t) for t in searched}
    add(30)
    episodes(ServiceUser.objects.exclude(pk=person.pk))
    factories.OrganisationFactory.create_batch(10)
    many = {t: queries(t) for t in searched}
    assert many == one
    assert len(client.get("/fhir/R4/EpisodeOfCare?_count=100").json()["entry"]) == 93
