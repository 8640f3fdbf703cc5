"""One filterset per list: the plan pages, the API and any report agree."""

import django_filters

from municipalities.models import (
    ActionItem,
    Goal,
    IndividualPlan,
    Measure,
    Meeting,
    Participant,
)


class IndividualPlanFilterSet(django_filters.FilterSet):
    # Numbers, not choices: a filter never tells whether an id exists.
    service_user = django_filters.NumberFilter(field_name="service_user")
    coordinator = django_filters.NumberFilter(field_name="coordinator")
    status = django_filters.MultipleChoiceFilter(choices=IndividualPlan.Status.choices)
    overdue_evaluation = django_filters.BooleanFilter(method="filter_overdue")

    class Meta:
        model = IndividualPlan
        fields = ["service_user", "coordinator", "status"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue_evaluations()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class PlanPartFilterSet(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan")


class GoalFilterSet(PlanPartFilterSet):
    class Meta:
        model = Goal
        fields = ["plan", "domain", "status"]


class MeasureFilterSet(PlanPartFilterSet):
    class Meta:
        model = Measure
        fields = ["plan", "goal", "status", "responsible_organisation"]


class ParticipantFilterSet(PlanPartFilterSet):
    class Meta:
        model = Participant
        fields = ["plan", "organisation", "role"]


class MeetingFilterSet(PlanPartFilterSet):
    class Meta:
        model = Meeting
        fields = ["plan"]


class ActionItemFilterSet(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="meeting__plan")

    class Meta:
        model = ActionItem
        fields = ["plan", "meeting", "owner"]
