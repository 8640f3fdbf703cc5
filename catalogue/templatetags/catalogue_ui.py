"""The "Who can help?" links on a person's page, with the search filled in."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from catalogue.models import PlanMeasureEntry, domain_choices
from catalogue.querysets import is_staff_member
from municipalities.models import Assessment

register = template.Library()

#: A domain scored this or worse on the latest assessment is a need to search for.
NEED_SCORE = Assessment.Score.MODERATE


def who_can_help_query(service_user, domain: str | None = None) -> dict:
    query = {
        "age": service_user.age_on(),
        "pathway": service_user.main_pathway,
        "municipality": service_user.home_municipality_id,
    }
    if domain:
        query["domain"] = domain
    return query


@register.simple_tag(takes_context=True)
def who_can_help(context, service_user) -> dict | None:
    """The search link for the person, and one per need on their latest
    assessment (moderate or severe), or None for users without the catalogue."""
    request = context.get("request")
    if request is None or not is_staff_member(request.user):
        return None
    base = reverse("catalogue:measure_list")
    # The person's page has the assessments already (oldest first).
    assessments = context.get("assessments")
    if assessments is None:
        latest = (
            Assessment.objects.for_user(request.user)
            .filter(service_user=service_user)
            .order_by("-assessed_on", "-pk")
            .first()
        )
    else:
        latest = assessments[-1] if assessments else None
    labels = dict(domain_choices())
    needs = []
    if latest is not None:
        for domain, score in latest.scores().items():
            if score >= NEED_SCORE:
                url = f"{base}?{urlencode(who_can_help_query(service_user, domain))}"
                needs.append({"label": labels[domain], "url": url})
    return {"url": f"{base}?{urlencode(who_can_help_query(service_user))}", "needs": needs}


@register.simple_tag
def with_catalogue_entries(plan_measures) -> list[tuple]:
    """(measure, its catalogue entry or None) for the measures of a plan, in
    one query: the plan page shows which shared measure each one uses."""
    plan_measures = list(plan_measures)
    links = PlanMeasureEntry.objects.filter(
        plan_measure__in=[m.pk for m in plan_measures]
    ).select_related("entry")
    entries = {link.plan_measure_id: link.entry for link in links}
    return [(measure, entries.get(measure.pk)) for measure in plan_measures]
