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

import base64
import binascii
import datetime
import json
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import IntegerField, Q, Value
from django.db.models.expressions import RawSQL
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


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

    def capped_count_expression(self):
        """`count` as an expression, for a statement that fetches rows of
        the same list: the capped count as a scalar subquery, which
        PostgreSQL runs once for the whole statement."""
        rows = self.object_list.order_by().values("pk")[: self.count_cap + 1]
        try:
            sql, params = rows.query.get_compiler(using=rows.db).as_sql()
        except EmptyResultSet:  # a filter no row can pass (a user with no scope)
            return Value(0, IntegerField())
        return RawSQL(f"SELECT COUNT(*) FROM ({sql}) AS capped", params, IntegerField())

    def set_count(self, capped: int) -> None:
        """The capped count, when a page's statement brought it."""
        self.__dict__["count"] = capped
        self.count_is_exact = capped <= self.count_cap

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


class KeysetPagination(CountLightPagination):
    """Keyset (cursor) pages for API lists that can be deep and unscoped.

    The view names a stable, indexed order (`keyset_ordering`, e.g.
    `("-created_at", "-id")`, all fields in the same direction and ending in
    the primary key). `next` and `previous` are `?cursor=` links that hold the
    sort key of the page's last (or first) row; the next page is then
    `WHERE key < cursor ORDER BY key LIMIT n + 1`, an index range scan that
    costs the same at row 50 and at row 100 000, where an OFFSET reads and
    throws away every row before the page.

    The answer keeps the shape of `CountLightPagination` (`count`,
    `count_is_exact`, `next`, `previous`, `results`): `count` is the capped
    count of the whole filtered list. `?page=N` still works (an offset page,
    for clients written before cursors), and its `next` link is a cursor, so
    a walk that starts by page number continues by key. A cursor that cannot
    be read is a 400.
    """

    cursor_query_param = "cursor"
    # A sync client may take bigger pages; the cap keeps one page cheap.
    page_size_query_param = "page_size"
    max_page_size = 500
    # How deep a page number may reach (rows before the page).
    max_offset = 5_000
    invalid_cursor_message = "Invalid cursor."

    def paginate_queryset(self, queryset, request, view=None):
        ordering = self._ordering(view, request)
        self.request = request
        self.ordering = ordering
        self.keyset = False
        encoded = request.query_params.get(self.cursor_query_param)
        if ordering is None or (encoded is None and self.page_query_param in request.query_params):
            # Offset pages: the view has no key, or the client asked for a page number.
            if ordering is not None:
                queryset = queryset.order_by(*ordering)
                self._refuse_deep_offset(request)
            return super().paginate_queryset(queryset, request, view)
        self.keyset = True
        page_size = self.get_page_size(request)
        before, values = (
            self._decode(encoded, queryset.model, ordering) if encoded else (False, None)
        )
        ordered = queryset.order_by(*(_flip(f) for f in ordering) if before else ordering)
        if values is not None:
            ordered = ordered.filter(_after(ordering, values, before))
        self.paginator = CountLightPaginator(queryset, page_size)
        page = self.page_rows(ordered) if self.page_rows else ordered
        # The capped count rides in the page's statement (one round trip
        # instead of two); an empty page carries none, so it is asked for.
        page = page.annotate(**{CAPPED_COUNT: self.paginator.capped_count_expression()})
        rows = list(page[: page_size + 1])
        if rows:
            self.paginator.set_count(_pop(rows, CAPPED_COUNT))
        more = len(rows) > page_size
        rows = rows[:page_size]
        if before:
            rows.reverse()
        self.paginator.count_is_exact_after_count()
        self.rows = rows
        # Going forward there is a next page if a row more came back; a
        # previous one if we came from a cursor. Going back, the reverse.
        self.has_next = (more if not before else True) and bool(rows)
        self.has_previous = (values is not None if not before else more) and bool(rows)
        return rows

    def _refuse_deep_offset(self, request) -> None:
        """A page number reaches at most `max_offset` rows deep: an OFFSET
        reads every row before the page (1 s for page 2 000 of all referrals
        at national scale). Deeper, follow `next`."""
        number = request.query_params.get(self.page_query_param, "")
        if number.isdigit() and (int(number) - 1) * self.get_page_size(request) > self.max_offset:
            raise ValidationError(
                {
                    self.page_query_param: [
                        f"Page numbers reach {self.max_offset} rows deep; follow `next` "
                        "(a cursor) for the rest."
                    ]
                }
            )

    def get_paginated_response(self, data):
        if not self.keyset:
            return super().get_paginated_response(data)
        return Response(
            {
                "count": self.paginator.count,
                "next": self._link(self.rows[-1], False) if self.has_next else None,
                "previous": self._link(self.rows[0], True) if self.has_previous else None,
                "results": data,
                "count_is_exact": self.paginator.count_is_exact,
            }
        )

    def get_next_link(self):
        # An offset page's next link is a cursor too (when the view has a key).
        if getattr(self, "ordering", None) and not self.keyset and self.page.has_next():
            return self._link(self.page.object_list[-1], False)
        return super().get_next_link()

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where a page starts: take it from `next` or `previous`.",
                "schema": {"type": "string"},
            }
        )
        return parameters

    @staticmethod
    def _ordering(view, request):
        getter = getattr(view, "get_keyset_ordering", None)
        if getter is not None:
            return getter(request)
        return getattr(view, "keyset_ordering", None)

    def _link(self, row, before: bool) -> str:
        token = cursor_for([_value(row, _name(f)) for f in self.ordering], before)
        url = self.request.build_absolute_uri()
        url = remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, token)

    def _decode(self, encoded: str, model, ordering) -> tuple[bool, list]:
        try:
            padded = encoded + "=" * (-len(encoded) % 4)
            before, raw = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
            if len(raw) != len(ordering):
                raise ValueError
            values = [
                model._meta.get_field(_name(f)).to_python(value)
                for f, value in zip(ordering, raw, strict=True)
            ]
        except (TypeError, ValueError, binascii.Error, DjangoValidationError) as exc:
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from exc
        return bool(before), values


def cursor_for(values, before: bool = False) -> str:
    """The `?cursor=` value of a key: the sort values of one row."""
    payload = json.dumps([1 if before else 0, [_jsonable(v) for v in values]])
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _name(field: str) -> str:
    name = field.lstrip("-")
    return "id" if name == "pk" else name


def _flip(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


#: The name the page's rows carry their list's capped count under.
CAPPED_COUNT = "_capped_count"


def _pop(rows, name: str) -> int:
    """The value every row carries under `name`, taken off the rows."""
    if isinstance(rows[0], dict):
        values = [row.pop(name) for row in rows]
    else:
        values = [row.__dict__.pop(name) for row in rows]
    return values[0]


def _value(row, name: str):
    return row[name] if isinstance(row, dict) else getattr(row, name)


def _jsonable(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _after(ordering, values, before: bool) -> Q:
    """Rows after the key `values` in `ordering` (before it if `before`):
    `(a, b) < (x, y)` written as `a <= x AND (a < x OR (a = x AND b < y))`, so
    PostgreSQL reads the index from the key on (the first condition is the
    index bound; the rest only drops the ties already shown)."""
    descending = ordering[0].startswith("-") != before
    strict, loose = ("lt", "lte") if descending else ("gt", "gte")
    names = [_name(f) for f in ordering]
    rule = Q(pk__in=[])
    for i, name in enumerate(names):
        step = Q(**{f"{earlier}": values[j] for j, earlier in enumerate(names[:i])})
        rule |= step & Q(**{f"{name}__{strict}": values[i]})
    return Q(**{f"{names[0]}__{loose}": values[0]}) & rule
