"""Template helpers for the council report: its place in the menu."""

from django import template

from reports.models import may_read_council_report

register = template.Library()


@register.filter
def may_read_report(user) -> bool:
    return may_read_council_report(user)
