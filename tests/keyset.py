"""Helpers for the keyset-paged API lists (bops/pagination.py): walk a list
along `next`, optionally adding rows between pages, and read the plan of a
list query."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def walk(client, url: str, between: Callable[[int], None] | None = None):
    """Follow `next` to the end. Returns the ids of each page and the list
    statements each page ran. `between(page_number)` runs after each page
    (to add rows while the walk is under way)."""
    pages, statements = [], []
    while url:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        body = response.json()
        assert response.status_code == 200, body
        pages.append([row["id"] for row in body["results"]])
        statements.append([q["sql"] for q in captured.captured_queries])
        url = body["next"]
        if between is not None and url:
            between(len(pages))
    return pages, statements


def flat(pages) -> list[int]:
    return [i for page in pages for i in page]


def page_query(statements: list[str], table: str) -> str:
    """The one SELECT of the page's rows from `table` (not the capped count)."""
    found = [
        sql
        for sql in statements
        if sql.startswith("SELECT")
        and not sql.startswith("SELECT COUNT(")
        and f'FROM "{table}"' in sql
    ]
    assert len(found) == 1, statements
    return found[0]


def plan_without_seq_scan(sql: str) -> str:
    """EXPLAIN of `sql` with sequential scans priced out, as on a big table:
    a list whose order has no index still shows a Seq Scan and a Sort."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = on")
    return plan
