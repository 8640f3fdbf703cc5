"""Free places of an entry backed by the residence come from its occupancy
today (capacity/occupancy.py), not from a number typed by hand; other
entries keep the typed number. The list costs the same queries however many
entries there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from capacity.services import admit
from catalogue.models import Measure
from municipalities.models import Organisation
from tests import factories

PAGE = reverse("catalogue:measure_list")
API = "/api/v1/measures/"


@pytest.fixture
def residence_org(home):
    return factories.OrganisationFactory(
        name="Bu- og omsorgstilbodet", kind=Organisation.Kind.RESIDENCE, municipality=home
    )


@pytest.fixture
def residence(residence_org):
    return factories.residence_with_places(ordinary=4, name="Lærdal bu", organisation=residence_org)


@pytest.fixture
def staff(residence_org):
    return factories.member_of(residence_org, role="residence_lead", username="inntak-bu")


def entry(provider, name, kind, home, **fields):
    measure = Measure.objects.create(provider=provider, name=name, kind=kind, **fields)
    measure.municipalities.set([home])
    return measure


@pytest.fixture
def entries(residence, residence_org, home):
    day_centre = factories.OrganisationFactory(municipal_service_in=home, name="Dagsenteret")
    return {
        # Typed long ago and wrong: the residence's own count wins.
        "residence": entry(
            residence_org, "Bufellesskapet", Measure.Kind.RESIDENCE, home, places=20, free_places=2
        ),
        # Not backed by a residence in BOPS: the typed number stays.
        "day": entry(
            day_centre, "Dagtilbod", Measure.Kind.DAY_ACTIVITY, home, places=12, free_places=3
        ),
    }


def api_row(client, measure):
    rows = client.get(API).json()["results"]
    return next(row for row in rows if row["id"] == measure.pk)


def page_cell(client, measure):
    html = client.get(PAGE).content.decode()
    row = html[html.index(reverse("catalogue:measure_detail", args=[measure.pk])) :]
    return row[: row.index("</tr>")]


def test_admitting_someone_lowers_the_free_places_on_the_page_and_in_the_api(
    client, coordinator, entries, residence, staff, home
):
    client.force_login(coordinator)
    residence_entry = entries["residence"]
    assert api_row(client, residence_entry)["free_places"] == 4
    assert api_row(client, residence_entry)["places"] == 4
    assert "<td>4 / 4</td>" in page_cell(client, residence_entry)

    admit(factories.ServiceUserFactory(home_municipality=home), residence=residence, by=staff)

    row = api_row(client, residence_entry)
    assert row["free_places"] == 3
    assert row["free_places_on"] is not None
    assert "<td>3 / 4</td>" in page_cell(client, residence_entry)
    detail = client.get(reverse("catalogue:measure_detail", args=[residence_entry.pk]))
    assert "<dd>3" in detail.content.decode()


def test_an_entry_not_backed_by_a_residence_keeps_its_typed_number(
    client, coordinator, entries, residence, staff, home
):
    client.force_login(coordinator)
    admit(factories.ServiceUserFactory(home_municipality=home), residence=residence, by=staff)
    assert api_row(client, entries["day"])["free_places"] == 3
    assert "<td>3 / 12</td>" in page_cell(client, entries["day"])


def test_a_full_residence_has_no_free_places(client, coordinator, entries, residence, staff, home):
    for _ in range(4):
        admit(factories.ServiceUserFactory(home_municipality=home), residence=residence, by=staff)
    client.force_login(coordinator)
    assert api_row(client, entries["residence"])["free_places"] == 0


def test_the_list_costs_the_same_queries_for_more_entries(
    client, coordinator, entries, residence_org, home
):
    client.force_login(coordinator)
    client.get(API), client.get(PAGE)
    with CaptureQueriesContext(connection) as api_before:
        client.get(API)
    with CaptureQueriesContext(connection) as page_before:
        client.get(PAGE)
    for n in range(5):
        other = factories.OrganisationFactory(
            name=f"Bustad {n}", kind=Organisation.Kind.RESIDENCE, municipality=home
        )
        factories.residence_with_places(ordinary=2, name=f"Bustad {n}", organisation=other)
        entry(other, f"Bustad {n}", Measure.Kind.RESIDENCE, home)
        entry(other, f"Akuttseng {n}", Measure.Kind.ACUTE_BEDS, home)
    with CaptureQueriesContext(connection) as api_after:
        rows = client.get(API).json()["results"]
    with CaptureQueriesContext(connection) as page_after:
        client.get(PAGE)
    assert sum(1 for row in rows if row["free_places"] == 2) == 10
    assert len(api_after.captured_queries) == len(api_before.captured_queries)
    assert len(page_after.captured_queries) == len(page_before.captured_queries)
