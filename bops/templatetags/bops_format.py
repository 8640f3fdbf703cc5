"""Display filters: amounts as "12 345 kr", identity numbers in two groups.

`{% load bops_format %}` then `{{ cost|amount }}` or `{{ person.national_id|national_id }}`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()

NBSP = "\xa0"


def format_amount(value) -> str:
    """Whole kroner with a non-breaking space between thousands and before "kr".

    Empty for None or "" (a missing amount is shown as nothing, not "0 kr");
    anything that is not a number is returned unchanged rather than raising
    in a template.
    """
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    sign = "−" if number < 0 else ""  # a real minus sign, not a hyphen
    grouped = f"{abs(int(number)):,}".replace(",", NBSP)
    return f"{sign}{grouped}{NBSP}kr"


@register.filter
def amount(value) -> str:
    return format_amount(value)


@register.filter
def national_id(value) -> str:
    """11 digits as "DDMMYY NNNNN", easier to read aloud and compare."""
    text = str(value or "")
    if len(text) == 11 and text.isdigit():
        return f"{text[:6]}{NBSP}{text[6:]}"
    return text
