"""Dates as BOPS prints them: Django's format modules for nn, nb and en
(this package, see common.py), and two helpers for Python code that prints
a date outside a template (mails, command output, `__str__`, exports), so
the pattern is written once."""

from __future__ import annotations

import datetime

from django.utils import dateformat, timezone

from bops.formats.common import SHORT_DATE_FORMAT, SHORT_DATETIME_FORMAT


def format_date(value: datetime.date | None) -> str:
    """dd.mm.yyyy, as the pages print dates; "" for no date. For Python code
    that prints a date (mails, command output, `__str__`, exports)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return dateformat.format(value, SHORT_DATE_FORMAT)


def format_datetime(value: datetime.datetime | None) -> str:
    """dd.mm.yyyy HH:MM in local time; "" for no moment."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, SHORT_DATETIME_FORMAT)
