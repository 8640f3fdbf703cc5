"""Who sees which individual plan (and every row that belongs to one).

The one rule, for pages, API, PDF and calendar files alike:

- superusers: every plan;
- coordinators of the person's home municipality;
- members of an organisation taking part in the responsibility group, while
  its access period runs (from `access_from` up to and including
  `access_until`) and the person's consent to that organisation stands;
- whoever a higher app names through the `plan_viewer_sources` hook (the
  residence while the person lives there);
- nobody else: council readers never, an outsider gets 404.

A read-only membership gives VIEW through the same paths, never CHANGE.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from bops import access
from bops.hooks import Hook


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a plan history row."""


#: Functions `(user, action, day) -> QuerySet of service-user ids` (a
#: `.values("service_user_id")` queryset) of people whose plans the user may
#: see for a reason only a higher app knows. Registered in `AppConfig.ready()`.
plan_viewer_sources = Hook("plan_viewer_sources")


def _participating_organisations(user, action: str) -> set[int]:
    return {
        g.organisation_id
        for g in access.grants(user)
        if g.role != access.COUNCIL_READER and (action == access.VIEW or not g.read_only)
    }


def active_participation(day: datetime.date, prefix: str = "") -> Q:
    """A participant row whose access period covers `day` (its last day included)."""
    return Q(**{f"{prefix}access_from__lte": day}) & (
        Q(**{f"{prefix}access_until__isnull": True}) | Q(**{f"{prefix}access_until__gte": day})
    )


class IndividualPlanQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW, day: datetime.date | None = None):
        """The single rule of which plans a user may see or change (module docstring)."""
        if access.is_superuser(user):
            return self
        if user is None or not user.is_authenticated:
            return self.none()
        day = day or timezone.localdate()
        rule = Q(pk__in=[])
        municipalities = access.coordinator_municipality_ids(user, action)
        if municipalities:
            rule |= Q(service_user__home_municipality__in=municipalities)
        organisations = _participating_organisations(user, action)
        if organisations:
            # One filter() call: every condition is about the same participant
            # row and the same consent row (the consent to that organisation).
            participating = self.model._base_manager.filter(
                active_participation(day, prefix="participants__"),
                Q(service_user__consents__withdrawn_on__isnull=True)
                | Q(service_user__consents__withdrawn_on__gt=day),
                participants__organisation__in=organisations,
                service_user__consents__organisation=F("participants__organisation"),
                service_user__consents__given_on__lte=day,
            ).values("pk")
            rule |= Q(pk__in=participating)
        for source in plan_viewer_sources:
            people = source(user, action, day)
            if people is not None:
                rule |= Q(service_user__in=people)
        return self.filter(rule)

    def overdue_evaluations(self, day: datetime.date | None = None):
        """Plans in force whose next evaluation date has passed."""
        day = day or timezone.localdate()
        return self.filter(
            next_evaluation__lt=day,
            status__in=["established", "under_revision", "being_prepared"],
        )


def _plan_model(model, path: str):
    for step in path.split("__"):
        model = model._meta.get_field(step).related_model
    return model


class PlanPartQuerySet(models.QuerySet):
    """Rows that belong to one plan: visible and changeable with their plan."""

    plan_field = "plan"

    def for_user(self, user, action: str = access.VIEW):
        if access.is_superuser(user):
            return self
        plans = _plan_model(self.model, self.plan_field).objects.for_user(user, action)
        return self.filter(**{f"{self.plan_field}__in": plans.values("pk")})


class ActionItemQuerySet(PlanPartQuerySet):
    plan_field = "meeting__plan"

    def overdue(self, day: datetime.date | None = None):
        day = day or timezone.localdate()
        return self.filter(due_on__lt=day, done_on__isnull=True)


class GoalPartQuerySet(PlanPartQuerySet):
    plan_field = "goal__plan"


class HistoryQuerySet(PlanPartQuerySet):
    """Append-only: no bulk update or delete (the database refuses them too)."""

    def update(self, **kwargs):
        raise AppendOnlyError("plan history cannot be changed")

    def delete(self):
        raise AppendOnlyError("plan history cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("plan history cannot be changed")
