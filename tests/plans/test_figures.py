"""The council report's plan figures: pathway-3 people with an established
plan and with an evaluation in the last twelve months, small numbers hidden."""

import datetime

import pytest

from municipalities.models import Evaluation
from municipalities.plans.figures import Coverage, coverage_shares, plan_coverage
from tests import factories
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 30)


def test_it_counts_plans_and_recent_evaluations_of_pathway_3_people(home, coordinator):
    people = factories.ServiceUserFactory.create_batch(4, home_municipality=home)
    factories.ServiceUserFactory(home_municipality=home, main_pathway=2)
    PlanFactory(service_user=people[0], coordinator=coordinator)
    plan = PlanFactory(service_user=people[1], coordinator=coordinator, status="under_revision")
    PlanFactory(service_user=people[2], coordinator=coordinator, status="being_prepared")
    Evaluation.objects.create(
        plan=plan, evaluated_on=DAY.replace(month=1), summary="x", by=coordinator
    )
    old = PlanFactory(service_user=people[3], coordinator=coordinator, status="closed")
    Evaluation.objects.create(
        plan=old, evaluated_on=datetime.date(2025, 1, 1), summary="x", by=coordinator
    )
    assert plan_coverage(DAY) == [Coverage(home.pk, 4, 2, 1)]


def test_small_numbers_and_the_shares_that_reveal_them_are_hidden():
    rows = [Coverage(1, 40, 30, 12), Coverage(2, 40, 38, 20), Coverage(3, 3, 3, 0)]
    shown = coverage_shares(rows, threshold=5)
    assert shown[0] == {
        "municipality_id": 1,
        "pathway3": 40,
        "established": 30,
        "established_share": 75,
        "evaluated": 12,
        "evaluated_share": 30,
    }
    # 38 of 40: the two without a plan would be revealed.
    assert (shown[1]["established"], shown[1]["established_share"]) == (None, None)
    assert shown[1]["evaluated_share"] == 50
    assert shown[2]["pathway3"] is None and shown[2]["established_share"] is None
