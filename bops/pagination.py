"""Count-light pagination for lists that can grow to hundreds of thousands of rows.

An exact COUNT(*) over a unit's whole history is the most expensive query of a
list page at national scale (tens of milliseconds for 12 000 referrals, while
the page itself is an index scan of 50 rows). This paginator counts exactly up
to `count_cap` rows — `SELECT COUNT(*) FROM (... LIMIT cap + 1)`, which stops
early — and beyond that takes PostgreSQL's planner estimate (HTML lists) or
reports cap + 1 as a lower bound with `count_is_exact: false` (the API). Page links keep
working: each page fetches one row more than it shows, so "next" is known
from the rows themselves, and a page past the estimate is served if it has
rows (an empty page past the end is still a 404).
"""

from __future__ import annotations

import json
from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


def planner_estimate(queryset) -> int:
    """PostgreSQL's estimate of the rows a queryset returns (0 elsewhere)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return 0
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class CountLightPage(Page):
    def __init__(self, object_list, number, paginator, has_more: bool):
        super().__init__(object_list, number, paginator)
        self._has_more = has_more

    def has_next(self) -> bool:
        return self._has_more


class CountLightPaginator(Paginator):
    count_cap = 10_000
    # Past the cap: ask the planner for an estimate (one more query), or, when
    # False, report cap + 1 as a lower bound (the query count stays the same).
    estimate = True

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not hasattr(rows, "query"):
            self.count_is_exact = True
            return len(rows)
        capped = rows.order_by()[: self.count_cap + 1].count()
        self.count_is_exact = capped <= self.count_cap
        if self.count_is_exact:
            return capped
        if not self.estimate:
            return self.count_cap + 1
        return max(self.count_cap + 1, planner_estimate(rows))

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from exc
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if self.count_is_exact_after_count() and number > self.num_pages:
            if number == 1 and self.allow_empty_first_page:
                return number
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def count_is_exact_after_count(self) -> bool:
        self.count  # noqa: B018 - sets count_is_exact
        return self.count_is_exact

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        has_more = len(rows) > self.per_page
        if self.count_is_exact:
            has_more = number < self.num_pages
        return CountLightPage(rows[: self.per_page], number, self, has_more)


class CountLightApiPaginator(CountLightPaginator):
    count_cap = 1_000
    estimate = False


class CountLightPagination(PageNumberPagination):
    """DRF pagination with a capped count; `count_is_exact` says which it is."""

    django_paginator_class = CountLightApiPaginator

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
                "count_is_exact": self.page.paginator.count_is_exact,
            }
        )

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_exact"] = {
            "type": "boolean",
            "description": "False when the list is longer than 1 000 rows: `count` is "
            "then 1 001, a lower bound; follow `next` until it is null.",
        }
        return schema
