"""The catalogue's API lists page by key (bops/pagination.py): measures by
name, agreements by title, each row met once along `next` even while rows are
added, read from the (name, id) and (title, id) indexes."""

import datetime

import pytest
from rest_framework.test import APIClient

from catalogue.models import Agreement, Measure
from tests.keyset import flat, page_query, plan_without_seq_scan, walk

MEASURES = "/api/v1/measures/"
AGREEMENTS = "/api/v1/agreements/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def new_measure(region, name, provider=None):
    measure = Measure.objects.create(
        provider=provider or region["dps"], name=name, kind=Measure.Kind.DPS_TEAM, min_age=18
    )
    measure.municipalities.set([region["home_service"].municipality])
    return measure


def new_agreement(title, version="1.0"):
    today = datetime.date.today()
    return Agreement.objects.create(
        title=title,
        version=version,
        kind=Agreement.Kind.COOPERATION,
        valid_from=today - datetime.timedelta(days=10),
        next_review=today + datetime.timedelta(days=300),
    )


def test_walking_the_measures_meets_each_once_by_name_while_measures_are_added(region, coordinator):
    # Namesakes (of two providers): the key's id breaks the tie.
    new_measure(region, "Aktivitetskontakt")
    new_measure(region, "Aktivitetskontakt", provider=region["bup"])
    before = set(Measure.objects.values_list("id", flat=True))
    added = iter(["Aaa først", "Zzz sist", "Midt i", "Aktivitetskontakt"])
    pages, statements = walk(
        api(coordinator),
        f"{MEASURES}?page_size=2",
        between=lambda page: new_measure(
            region, next(added, f"Zzz etter {page}"), provider=region["sogndal_service"]
        ),
    )
    seen = flat(pages)
    assert len(seen) == len(set(seen))
    assert before <= set(seen)
    in_order = Measure.objects.filter(id__in=seen).order_by("name", "id")
    assert list(in_order.values_list("id", flat=True)) == seen


def test_walking_the_agreements_meets_each_once_by_title(region, coordinator):
    # Two versions of one routine: the same title, the id breaks the tie.
    new_agreement("Rutine for utskriving")
    new_agreement("Avtale om akuttplassar")
    new_agreement("Rutine for utskriving", version="2.0")
    pages, _ = walk(
        api(coordinator),
        f"{AGREEMENTS}?page_size=2",
        between=lambda page: new_agreement(f"Avtale lagd under vandringa {page}"),
    )
    seen = flat(pages)
    assert len(seen) == len(set(seen))
    assert region["agreement"].pk in seen
    in_order = Agreement.objects.filter(id__in=seen).order_by("title", "id")
    assert list(in_order.values_list("id", flat=True)) == seen


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("url", "table"),
    [(MEASURES, "catalogue_measure"), (AGREEMENTS, "catalogue_agreement")],
)
def test_the_lists_read_their_index_on_the_first_and_a_later_page(region, coordinator, url, table):
    for i in range(4):
        new_measure(region, f"Tiltak {i}")
        new_agreement(f"Avtale {i}")
    _, statements = walk(api(coordinator), f"{url}?page_size=2")
    for page in (statements[0], statements[1]):
        plan = plan_without_seq_scan(page_query(page, table))
        assert f"Seq Scan on {table}" not in plan, plan
        assert "Sort" not in plan.split("->")[0], plan
