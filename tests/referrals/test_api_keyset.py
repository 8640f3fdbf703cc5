"""The referral API pages by key (bops/pagination.py, KeysetPagination): a
walk along `next` meets every referral once, newest first, at the same cost
per page however deep; `?updated_since=` gives a sync client the changes in
the order they happened."""

import datetime
import io
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from referrals.models import Referral
from tests import factories

URL = "/api/v1/referrals/"
MOMENT = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


@pytest.fixture
def seven(make, home):
    """Seven referrals, three of them created in the same instant (ties)."""
    rows = [
        make("draft", service_user=factories.ServiceUserFactory(home_municipality=home))
        for _ in range(7)
    ]
    for i, referral in enumerate(rows):
        at = MOMENT if i in (2, 3, 4) else MOMENT + datetime.timedelta(hours=i)
        Referral.objects.filter(pk=referral.pk).update(created_at=at, updated_at=at)
    return rows


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def newest_first():
    return list(Referral.objects.order_by("-created_at", "-id").values_list("id", flat=True))


def walk(client, url):
    """Follow `next` to the end: the ids of each page, and the queries of each."""
    pages, queries = [], []
    while url:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            body = response.json()
            assert response.status_code == 200, body
        pages.append([row["id"] for row in body["results"]])
        queries.append(len(captured.captured_queries))
        url = body["next"]
    return pages, queries


def test_walking_next_meets_every_referral_once_newest_first_even_with_ties(seven, admin_user):
    client = api(admin_user)
    client.get(URL)  # the first request of a process loads what Django loads lazily
    pages, queries = walk(client, f"{URL}?page_size=3")
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [i for page in pages for i in page] == newest_first()
    # The same statements on the first and on a deeper page.
    assert queries[0] == queries[1] == queries[2]


def test_the_answer_keeps_count_and_previous_goes_back_one_page(seven, admin_user):
    client = api(admin_user)
    first = client.get(f"{URL}?page_size=3").json()
    assert (first["count"], first["count_is_exact"], first["previous"]) == (7, True, None)
    second = client.get(first["next"]).json()
    assert "cursor=" in second["next"]
    back = client.get(second["previous"]).json()
    assert [r["id"] for r in back["results"]] == [r["id"] for r in first["results"]]
    assert back["previous"] is None


def test_a_page_number_still_works_and_continues_by_key(seven, admin_user):
    client = api(admin_user)
    body = client.get(f"{URL}?page_size=3&page=2").json()
    assert [r["id"] for r in body["results"]] == newest_first()[3:6]
    assert "page=" not in body["next"]
    rest = client.get(body["next"]).json()
    assert [r["id"] for r in rest["results"]] == newest_first()[6:]
    assert rest["next"] is None


def test_a_cursor_that_cannot_be_read_is_a_field_error(seven, admin_user):
    response = api(admin_user).get(f"{URL}?cursor=not-a-cursor")
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_updated_since_gives_the_changes_from_then_oldest_first(seven, admin_user):
    since = quote((MOMENT + datetime.timedelta(hours=5)).isoformat())
    pages, _ = walk(api(admin_user), f"{URL}?page_size=1&updated_since={since}")
    expected = list(
        Referral.objects.filter(updated_at__gte=MOMENT + datetime.timedelta(hours=5))
        .order_by("updated_at", "id")
        .values_list("id", flat=True)
    )
    assert len(expected) == 2
    assert [i for page in pages for i in page] == expected


def test_a_bad_updated_since_is_a_field_error(admin_user):
    response = api(admin_user).get(f"{URL}?updated_since=yesterday")
    assert response.status_code == 400
    assert "updated_since" in response.json()


def test_a_coordinator_walks_only_what_they_may_see(seven, coordinator, outsider):
    pages, _ = walk(api(coordinator), f"{URL}?page_size=3")
    assert sorted(i for page in pages for i in page) == sorted(r.pk for r in seven)
    assert api(outsider).get(URL).json()["results"] == []


def plan_of(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def split_init_plan(plan: str) -> tuple[str, str]:
    """(the plan without its InitPlan subtrees, the InitPlan subtrees): the
    lines indented under an `InitPlan` line belong to it."""
    main, init = [], []
    inside = None
    for line in plan.splitlines():
        indent = len(line) - len(line.lstrip())
        if inside is not None and indent <= inside:
            inside = None
        if inside is None and line.lstrip().startswith("InitPlan"):
            inside = indent
        (init if inside is not None else main).append(line)
    return "\n".join(main), "\n".join(init)


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_unscoped_list_reads_an_index_on_the_first_and_a_deep_page(admin_user):
    from django.core.management import call_command

    call_command("generate_scale_data", scale="regional", stdout=io.StringIO())
    client = api(admin_user)
    first = client.get(f"{URL}?page_size=50").json()
    deep_url = first["next"]
    for url in (f"{URL}?page_size=50", deep_url, f"{URL}?updated_since=2020-01-01T00:00:00Z"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        selects = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].startswith("SELECT") and "referrals_referral" in q["sql"]
        ]
        # One statement: the page and, as a scalar subquery, the capped count.
        assert len(selects) == 1, selects
        plan = plan_of(selects[0])
        page_plan, count_plan = split_init_plan(plan)
        assert count_plan, plan
        assert "Seq Scan on referrals_referral" not in page_plan, plan
        assert "Sort" not in page_plan.split("->")[0]
        # The capped count stops after 1 001 rows whatever it scans.
        assert "Limit" in count_plan, plan


def test_a_page_number_deeper_than_the_offset_limit_says_to_follow_next(seven, admin_user):
    response = api(admin_user).get(f"{URL}?page_size=50&page=102")
    assert response.status_code == 400
    assert "next" in response.json()["page"][0]
    assert api(admin_user).get(f"{URL}?page_size=50&page=101").status_code == 404
