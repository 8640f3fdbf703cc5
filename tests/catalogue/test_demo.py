"""The catalogue's demo data on the demo region: the region's kinds of
measures, three agreements (one due for review), the agreement documents,
and the right answer for a 15-year-old in Luster. Safe to run twice."""

import datetime
from io import StringIO

import pytest

from catalogue import demo
from catalogue.models import Agreement, Measure, PlanMeasureEntry
from documents.models import Document
from municipalities import demo as core
from municipalities.models import Measure as PlanMeasure
from municipalities.models import Municipality
from municipalities.plans import demo as plans_demo
from tests.shared_db import shared_rows

pytestmark = pytest.mark.django_db


def _links():
    return sorted(PlanMeasureEntry.objects.values_list("plan_measure_id", "entry__name"))


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    with shared_rows(django_db_blocker):
        core.seed(StringIO())
        out = StringIO()
        demo.seed(out)
        demo.seed(out)  # again: nothing doubles
        yield out.getvalue()


class TestTheSeededCatalogue:
    """The demo region and the catalogue, seeded once for these tests."""

    def test_the_demo_fills_the_catalogue_with_the_regions_kinds_of_measures(self, seeded):
        kinds = set(Measure.objects.values_list("kind", flat=True))
        assert kinds >= {
            Measure.Kind.FACT_TEAM, Measure.Kind.ACUTE_BEDS, Measure.Kind.DAY_ACTIVITY,
            Measure.Kind.IPS, Measure.Kind.SUPPORTED_HOUSING, Measure.Kind.LOW_THRESHOLD,
            Measure.Kind.RESIDENCE, Measure.Kind.DPS_TEAM, Measure.Kind.BUP_TEAM,
        }  # fmt: skip
        bup_ranges = set(
            Measure.objects.filter(kind=Measure.Kind.BUP_TEAM).values_list("min_age", "max_age")
        )
        assert bup_ranges == {(0, 6), (0, 11), (12, 17)}
        assert Measure.objects.count() == 11

    def test_the_demo_has_three_agreements_one_due_for_review_each_with_its_document(self, seeded):
        assert Agreement.objects.count() == 3
        assert Agreement.objects.due_for_review(datetime.date.today()).count() == 1
        assert Document.objects.count() == 3
        assert "3 agreements (3 agreement documents added)" in seeded
        assert "(0 agreement documents added)" in seeded

    def test_in_the_demo_a_15_year_old_in_luster_gets_bups_youth_team(self, seeded):
        luster = Municipality.objects.get(number="4644")  # Luster today (1426 until 2019)
        found = list(
            Measure.objects.active().serving(luster).for_age(15).values_list("name", flat=True)
        )
        assert "Sogndal BUP – ungdomsteam (12–18)" in found
        assert not any("DPS" in name for name in found)


@pytest.fixture(scope="class")
def with_plans(django_db_setup, django_db_blocker):
    with shared_rows(django_db_blocker):
        core.seed(StringIO())
        plans_demo.seed(StringIO())
        demo.seed(StringIO())
        out = StringIO()
        demo.link_plan_measures(out)
        yield out.getvalue()


class TestThePlanMeasureLinks:
    """The demo region with plans and the catalogue, linked once for these tests."""

    def test_the_demo_links_a_share_of_plan_measures_to_the_catalogue(self, with_plans):
        links = _links()
        total = PlanMeasure.objects.count()
        assert links, with_plans
        # Some, not all: the services' own work points at no shared measure.
        assert 0 < len(links) < total
        names = {name for _, name in links}
        assert len(names) >= 3
        # Each link is to a shared measure serving the person's municipality.
        for entry in PlanMeasureEntry.objects.select_related(
            "plan_measure__plan__service_user", "entry"
        ):
            person = entry.plan_measure.plan.service_user
            assert entry.entry.municipalities.filter(pk=person.home_municipality_id).exists()

    def test_linking_again_changes_nothing(self, with_plans):
        before = _links()
        out = StringIO()
        demo.link_plan_measures(out)
        assert _links() == before
        assert "0 plan measures linked" in out.getvalue()
