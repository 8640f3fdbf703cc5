"""Small helpers for the page partials (pagination links, language buttons)."""

from __future__ import annotations

from django import template

from bops.widgets import LimitedTextarea

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """The current URL's query string with only `page` changed, so filters survive paging."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.filter
def has_limited_text(form) -> bool:
    """Whether the page's form has a limited text field: only then does the
    page load the live counter (static/js/text-limit.js)."""
    fields = getattr(form, "fields", None) or {}
    return any(isinstance(field.widget, LimitedTextarea) for field in fields.values())
