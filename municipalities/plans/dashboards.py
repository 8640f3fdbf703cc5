"""The coordinator's plan panel: my plans with an overdue evaluation and my
overdue action items (from any plan I may still see)."""

from __future__ import annotations

from municipalities.models import ActionItem, IndividualPlan

SHOWN = 10


def coordinator_plans_context(user) -> dict:
    overdue_plans = list(
        IndividualPlan.objects.for_user(user)
        .overdue_evaluations()
        .filter(coordinator=user)
        .select_related("service_user")
        .order_by("next_evaluation", "pk")[:SHOWN]
    )
    overdue_items = list(
        ActionItem.objects.for_user(user)
        .overdue()
        .filter(owner=user)
        .select_related("meeting__plan__service_user")
        .order_by("due_on", "pk")[:SHOWN]
    )
    return {
        "plans_overdue_evaluation": overdue_plans,
        "plan_items_overdue": overdue_items,
        # Named on the dashboard: the access log lists them (dashboards.views.home).
        "shown_people": [plan.service_user for plan in overdue_plans]
        + [item.meeting.plan.service_user for item in overdue_items],
    }
