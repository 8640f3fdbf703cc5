"""A referral's documents page by key (bops/pagination.py): newest first on
(uploaded_at, id), each document met once along `next` even while documents
are added, read from the parent index."""

import pytest

from documents.models import Document
from tests.documents.conftest import upload
from tests.keyset import flat, page_query, plan_without_seq_scan, walk


def url(referral) -> str:
    return f"/api/v1/referrals/{referral.pk}/documents/?page_size=2"


def attach(referral, by, title):
    return Document.attach(
        referral, upload=upload(), title=title, by=by, mime_type="application/pdf"
    )


def test_walking_the_documents_meets_each_once_newest_first_while_more_arrive(
    client, coordinator, referral
):
    first = [attach(referral, coordinator, f"Notat {i}") for i in range(5)]
    client.force_login(coordinator)
    pages, statements = walk(
        client, url(referral), between=lambda page: attach(referral, coordinator, f"Ny {page}")
    )
    seen = flat(pages)
    assert len(seen) == len(set(seen))
    assert {d.pk for d in first} <= set(seen)
    order = list(
        Document.objects.filter(pk__in=seen)
        .order_by("-uploaded_at", "-id")
        .values_list("id", flat=True)
    )
    assert seen == order


@pytest.mark.postgres
def test_the_documents_page_reads_the_parent_index(client, coordinator, referral):
    for i in range(5):
        attach(referral, coordinator, f"Notat {i}")
    client.force_login(coordinator)
    _, statements = walk(client, url(referral))
    for page in (statements[0], statements[1]):
        plan = plan_without_seq_scan(page_query(page, "documents_document"))
        assert "Seq Scan on documents_document" not in plan, plan
        assert "Sort" not in plan.split("->")[0], plan
