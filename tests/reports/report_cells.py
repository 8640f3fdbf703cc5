"""What a council report cell may print for a true number, and aggregates
worked out from the rows without the report's own figure functions (for
tests/reports/test_council_demo.py)."""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from municipalities.models import Municipality, Organisation
from tests.reports.test_council_pdf import grouped

# --- what a cell may print for a true count ---------------------------------


def count_pattern(value: int) -> str:
    if value == 0:
        return "0"
    if value < 5:
        return "<5"
    return rf"(?:{re.escape(grouped(value))}|:)"


def half_up(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_pattern(part: int, whole: int) -> str:
    if not whole:
        return r"\."
    if 0 < part < 5 or 0 < whole - part < 5:
        return ":"
    return rf"(?:{half_up(100 * part / whole)} %|:)"


def assert_row(text: str, label: str, *patterns: str) -> None:
    pattern = re.escape(label) + "".join(" " + p for p in patterns) + r"(?: |$)"
    assert re.search(pattern, text), f"{pattern!r} not in the report"


def kr(value) -> str:
    return f"{grouped(int(value))} kr"


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


# --- independent aggregates ---------------------------------------------------


def nights(stay, start, end) -> int:
    first = max(stay.start, start)
    last = min(stay.end or end + datetime.timedelta(days=1), end + datetime.timedelta(days=1))
    return max((last - first).days, 0)


def municipalities(day: datetime.date | None = None) -> list[Municipality]:
    """The active municipalities (those valid on `day`, as a report ending then lists them)."""
    rows = Municipality.objects.filter(active=True)
    return list((rows.valid_on(day) if day else rows).order_by("name"))


def referral_units(*kinds) -> list:
    return list(Organisation.objects.filter(kind__in=kinds, active=True).order_by("kind", "name"))
