"""Dates and amounts as the region writes them, for text built in Python
(messages, CSV, mails); templates use the `date` filter with the same formats
(bops/formats/common.py)."""

from __future__ import annotations

import datetime

from django.utils import formats


def format_day(value: datetime.date | datetime.datetime | None) -> str:
    """dd.mm.yyyy, or "" for no date."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return formats.date_format(value, "SHORT_DATE_FORMAT")
