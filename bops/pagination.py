"""Count-light pagination for lists that can grow to hundreds of thousands of rows.

An exact COUNT(*) over a unit's whole history is the most expensive query of a
list page at national scale (10 ms for the 16 000 referrals of the busiest
unit, while the page itself is an index scan of 25 rows). This paginator
counts exactly up to `count_cap` rows — `SELECT COUNT(*) FROM (... LIMIT
cap + 1)`, which stops early — and beyond that reports cap + 1 as a lower
bound with `count_is_exact` False: pages say "more than 1 000", the API
`count_is_exact: false`. (PostgreSQL's planner estimate was tried for pages
and dropped: it cost one more query and was off by a factor of 20 for the
busiest unit.) Page links keep working: each page fetches one row more than
it shows, so "next" is known from the rows themselves, and a page past the
cap is served if it has rows (an empty page past the end is still a 404).
"""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class CountLightPage(Page):
    def __init__(self, object_list, number, paginator, has_more: bool):
        super().__init__(object_list, number, paginator)
        self._has_more = has_more

    def has_next(self) -> bool:
        return self._has_more


class CountLightPaginator(Paginator):
    count_cap = 1_000
    # A function that turns the page's slice of the queryset into what the
    # page holds, e.g. rows from `values()` (bops/api_rows.py). The count
    # stays on the plain queryset, without the joins the rows need.
    page_rows = None

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not hasattr(rows, "query"):
            self.count_is_exact = True
            return len(rows)
        capped = rows.order_by()[: self.count_cap + 1].count()
        self.count_is_exact = capped <= self.count_cap
        return capped

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
        sliced = self.object_list[bottom : bottom + self.per_page + 1]
        rows = list(self.page_rows(sliced) if self.page_rows else sliced)
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        has_more = len(rows) > self.per_page
        if self.count_is_exact:
            has_more = number < self.num_pages
        return CountLightPage(rows[: self.per_page], number, self, has_more)


class CountLightPagination(PageNumberPagination):
    """DRF pagination with a capped count; `count_is_exact` says which it is."""

    # Set by a view whose page is made of rows (bops/api_rows.py).
    page_rows = None

    def django_paginator_class(self, queryset, page_size):
        # DRF calls this to make the Django paginator of a request.
        paginator = CountLightPaginator(queryset, page_size)
        paginator.page_rows = self.page_rows
        return paginator

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
