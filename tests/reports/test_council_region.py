"""Issue 18: a council report covers one council's region: its municipalities
(and those merged into them), the residences in them and the referrals of
the people who live there; a council reader asks for and reads the reports
of their own council only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Measure, PlanMeasureEntry
from municipalities.models import Membership
from reports.figures import build_report
from reports.figures.base import one_build
from reports.figures.measures import use_table
from reports.figures.region import region_of
from reports.jobs import start_council_report
from reports.models import ReportJob
from reports.period import Period
from tests import factories
from tests.plans.factories import MeasureFactory, PlanFactory

Q1 = Period.quarter(2025, 1)
URL = reverse("reports:council")


def _residence(name, municipality):
    organisation = factories.ResidenceOrganisationFactory(
        name=f"Inntak {name}", municipality=municipality
    )
    organisation.catchment.set([municipality])
    return factories.residence_with_places(
        ordinary=3, name=name, organisation=organisation, municipality=municipality
    )


def _sent_referrals(municipality, count):
    sent = timezone.make_aware(datetime.datetime(2025, 2, 3, 10))
    for _ in range(count):
        person = factories.ServiceUserFactory(home_municipality=municipality)
        factories.ReferralFactory(service_user=person, status="sent", sent_at=sent)


@pytest.fixture
def two_regions(council, nine_municipalities):
    """Sogn (the nine) with a residence in Lærdal and 6 referrals; Nordfjord
    (two other municipalities, its own council) with a residence in Stad and 7."""
    stad = factories.MunicipalityFactory(number="4649", name="Stad")
    gloppen = factories.MunicipalityFactory(number="4650", name="Gloppen")
    nordfjord = factories.OrganisationFactory(name="Nordfjordrådet", kind="council")
    nordfjord.catchment.set([stad, gloppen])
    _residence("Lærdal bufellesskap", nine_municipalities["Lærdal"])
    _residence("Stad bustad", stad)
    _sent_referrals(nine_municipalities["Luster"], 6)
    _sent_referrals(gloppen, 7)
    return council, nordfjord


def _flow_to_dps(report) -> int:
    flows = next(s for s in report.sections if s.key == "flows")
    return flows.tables[0].table.rows[0].cells[0].value


def _residence_titles(report) -> list[str]:
    return [s.title for s in report.sections if s.key.startswith("residence-")]


def test_each_council_report_counts_its_own_region_only(two_regions):
    sogn, nordfjord = two_regions
    report = build_report(Q1, council=sogn)
    assert report.council == "Sogn regionråd"
    assert "Stad" not in report.municipalities and "Luster" in report.municipalities
    assert _residence_titles(report) == ["Lærdal bufellesskap"]
    assert _flow_to_dps(report) == 6

    other = build_report(Q1, council=nordfjord)
    assert other.municipalities == ["Gloppen", "Stad"]
    assert _residence_titles(other) == ["Stad bustad"]
    assert _flow_to_dps(other) == 7


def test_without_a_council_the_report_counts_every_municipality(two_regions):
    report = build_report(Q1)
    assert report.council == ""
    assert {"Stad", "Luster"} <= set(report.municipalities)
    assert _residence_titles(report) == ["Lærdal bufellesskap", "Stad bustad"]
    assert _flow_to_dps(report) == 13


def test_a_merged_municipality_counts_in_the_region_of_its_successor(council, nine_municipalities):
    """Balestrand ended in 2020 and is part of Sogndal: a council whose
    catchment names today's Sogndal only still lists Balestrand in 2019."""
    m = nine_municipalities
    today = factories.MunicipalityFactory(number="4640", name="Sogndal")
    for old in (m["Balestrand"], m["Leikanger"], m["Sogndal"]):
        old.valid_until, old.successor = datetime.date(2019, 12, 31), today
        old.save()
    today.valid_from = datetime.date(2020, 1, 1)
    today.save()
    small = factories.OrganisationFactory(name="Sogndal og omegn", kind="council")
    small.catchment.set([today])
    assert build_report(Period.year(2019), council=small).municipalities == [
        "Balestrand",
        "Leikanger",
        "Sogndal",
    ]
    assert build_report(Period.year(2021), council=small).municipalities == ["Sogndal"]


def test_a_reader_asks_for_and_reads_their_own_councils_reports_only(
    client, council_reader, two_regions
):
    sogn, nordfjord = two_regions
    client.force_login(council_reader)
    response = client.get(URL, {"year": "2025", "quarter": "1"})
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job", args=[job.pk])
    assert job.council == sogn
    assert "Sogn regionråd" in client.get(response["Location"]).content.decode()
    # Asking for another council's report is a field error, not a job.
    refused = client.get(
        URL,
        {"year": "2025", "quarter": "2", "council": nordfjord.pk},
        HTTP_ACCEPT="application/json",
    )
    assert refused.status_code == 400 and "council" in refused.json()
    page = client.get(URL, {"year": "2025", "quarter": "2", "council": nordfjord.pk})
    assert page.status_code == 400
    assert 'id="id_council_error"' in page.content.decode()  # the error is shown by the select
    theirs, _ = start_council_report(Q1, "nn", council=nordfjord)
    assert client.get(reverse("reports:job", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("reports:job_pdf", args=[theirs.pk])).status_code == 404


def test_the_same_period_for_two_councils_is_two_jobs_and_for_one_council_one(two_regions):
    sogn, nordfjord = two_regions
    first, created = start_council_report(Q1, "nn", council=sogn)
    again, created_again = start_council_report(Q1, "nn", council=sogn)
    other, created_other = start_council_report(Q1, "nn", council=nordfjord)
    everywhere, _ = start_council_report(Q1, "nn")
    assert (created, created_again, created_other) == (True, False, True)
    assert again == first and other != first and everywhere not in (first, other)
    assert start_council_report(Q1, "nn")[0] == everywhere


def test_an_administrator_chooses_a_council_or_every_municipality(client, admin_user, two_regions):
    sogn, nordfjord = two_regions
    client.force_login(admin_user)
    page = client.get(URL).content.decode()
    assert "Nordfjordrådet" in page and "Sogn regionråd" in page
    client.get(URL, {"year": "2025", "council": nordfjord.pk})
    client.get(URL, {"year": "2025"})
    assert sorted((job.council.name if job.council else "") for job in ReportJob.objects.all()) == [
        "",
        "Nordfjordrådet",
    ]


def test_a_lead_of_residences_in_two_regions_must_choose(client, two_regions):
    sogn, nordfjord = two_regions
    lead = factories.member_of(
        factories.OrganisationFactory(name="Inntak Lærdal bufellesskap", kind="residence"),
        role="residence_lead",
        username="leiar-to",
    )
    Membership.objects.create(
        user=lead,
        organisation=factories.OrganisationFactory(name="Inntak Stad bustad", kind="residence"),
        role="residence_lead",
    )
    client.force_login(lead)
    refused = client.get(URL, {"year": "2025"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 400
    assert "Vel regionrådet" in refused.json()["council"][0]["message"]  # Nynorsk: the default
    client.get(URL, {"year": "2025", "council": nordfjord.pk})
    assert ReportJob.objects.get().council == nordfjord
    assert not ReportJob.objects.filter(council=sogn).exists()


def test_the_measures_table_lists_the_regions_measures_and_counts_its_people(two_regions):
    """A measure that serves only another region is not in the council's
    table; one the region's people used is, counted for them only."""
    sogn, nordfjord = two_regions
    stad, gloppen = nordfjord.catchment.get(name="Stad"), nordfjord.catchment.get(name="Gloppen")
    luster = sogn.catchment.get(name="Luster")
    provider = factories.dps_for(luster, gloppen, name="DPS Sogn og Fjordane")
    north = Measure.objects.create(
        name="Arbeid Nordfjord", kind=Measure.Kind.FACT_TEAM, provider=provider
    )
    north.municipalities.set([stad, gloppen])
    shared = Measure.objects.create(
        name="Lågterskel Sogn", kind=Measure.Kind.FACT_TEAM, provider=provider
    )
    shared.municipalities.set([luster])
    for home in [luster] * 5 + [gloppen] * 6:
        plan = PlanFactory(service_user=factories.ServiceUserFactory(home_municipality=home))
        entry = MeasureFactory(plan=plan, start=datetime.date(2025, 1, 10), status="active")
        PlanMeasureEntry.objects.create(plan_measure=entry, entry=shared)

    def use_rows(council):
        with one_build(region_of(council)):
            table = use_table(Q1)
        return {row.label: [cell.value for cell in row.cells] for row in table.table.rows}

    sogn_rows = use_rows(sogn)
    assert "Arbeid Nordfjord" not in sogn_rows
    assert sum(sogn_rows["Lågterskel Sogn"]) == 5  # the six in Gloppen are not Sogn's
    assert "Arbeid Nordfjord" in use_rows(nordfjord)
