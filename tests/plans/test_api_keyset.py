"""The plan API pages by key (bops/pagination.py): newest first on
(created_at, id), each plan met once along `next` even while plans are
added, and the page read from an index however large the country's list."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from municipalities.models import IndividualPlan
from tests import factories
from tests.keyset import flat, page_query, plan_without_seq_scan, walk
from tests.plans.factories import PlanFactory

URL = "/api/v1/individual-plans/"
MOMENT = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def seven(home, coordinator):
    """Seven plans in Lærdal, three of them created in the same instant (ties)."""
    plans = [
        PlanFactory(
            service_user=factories.ServiceUserFactory(home_municipality=home),
            coordinator=coordinator,
        )
        for _ in range(7)
    ]
    for i, plan in enumerate(plans):
        at = MOMENT if i in (2, 3, 4) else MOMENT + datetime.timedelta(hours=i)
        IndividualPlan.objects.filter(pk=plan.pk).update(created_at=at)
    return plans


def test_walking_next_meets_every_plan_once_newest_first(seven, admin_user):
    pages, statements = walk(api(admin_user), f"{URL}?page_size=3")
    expected = list(
        IndividualPlan.objects.order_by("-created_at", "-id").values_list("id", flat=True)
    )
    assert flat(pages) == expected
    assert [len(p) for p in pages] == [3, 3, 1]
    # A deeper page costs what the second does (the first also loads the
    # user's grants, which the test client's user object then keeps).
    assert len({len(s) for s in statements[1:]}) == 1


def test_plans_added_during_the_walk_never_repeat_or_hide_a_plan(seven, admin_user, home):
    def add(_page):
        PlanFactory(service_user=factories.ServiceUserFactory(home_municipality=home))

    pages, _ = walk(api(admin_user), f"{URL}?page_size=2", between=add)
    seen = flat(pages)
    assert len(seen) == len(set(seen))
    assert {p.pk for p in seven} <= set(seen)


def test_a_coordinator_walks_only_the_plans_they_may_see(seven, coordinator, outsider):
    pages, _ = walk(api(coordinator), f"{URL}?page_size=3")
    assert sorted(flat(pages)) == sorted(p.pk for p in seven)
    assert api(outsider).get(URL).json()["results"] == []


@pytest.mark.postgres
def test_the_unscoped_plan_list_reads_an_index_on_the_first_and_a_later_page(seven, admin_user):
    pages, statements = walk(api(admin_user), f"{URL}?page_size=3")
    for page in (statements[0], statements[1]):
        plan = plan_without_seq_scan(page_query(page, "municipalities_individualplan"))
        assert "Seq Scan on municipalities_individualplan" not in plan, plan
        assert "Sort" not in plan.split("->")[0], plan
