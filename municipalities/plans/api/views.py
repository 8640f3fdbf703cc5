"""The plan API: scoped like the pages (IndividualPlan.objects.for_user);
changes go through municipalities/plans/services.py so they leave history."""

from django.db import transaction
from rest_framework import mixins, viewsets

from bops.api import ScopedViewSetMixin
from bops.errors import api_exception_handler
from bops.pagination import KeysetPagination
from municipalities.hooks import plan_measure_saved
from municipalities.models import Goal, IndividualPlan, Measure, Meeting, Participant
from municipalities.plans import services
from municipalities.plans.api.serializers import (
    GoalSerializer,
    IndividualPlanDetailSerializer,
    IndividualPlanSerializer,
    MeetingSerializer,
    ParticipantSerializer,
    PlanMeasureSerializer,
)
from municipalities.plans.filtersets import (
    GoalFilterSet,
    IndividualPlanFilterSet,
    MeasureFilterSet,
    MeetingFilterSet,
    ParticipantFilterSet,
)


class _Writable(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    log_person_field = "plan__service_user"

    def get_exception_handler(self):
        # Domain refusals (illegal transition, stale version) as 403/409 JSON.
        return api_exception_handler


class IndividualPlanViewSet(_Writable):
    """Individual plans in the caller's scope. No delete: a plan is closed."""

    log_person_field = "service_user"
    queryset = IndividualPlan.objects.all()
    filterset_class = IndividualPlanFilterSet
    # Keyset pages (bops/pagination.py), newest first, on (created_at, id).
    pagination_class = KeysetPagination
    keyset_ordering = ("-created_at", "-id")

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.select_related("crisis_plan").prefetch_related(
                "goals", "measures", "participants"
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return IndividualPlanDetailSerializer
        return IndividualPlanSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        plan = services.create_plan(
            service_user=data.pop("service_user"),
            coordinator=data.pop("coordinator", None),
            by=self.request.user,
            **data,
        )
        serializer.instance = plan
        self._shown().append(plan)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("service_user", None)
        status = data.pop("status", None)
        plan = serializer.instance
        with transaction.atomic():
            if data:
                services.update_plan(plan, by=self.request.user, fields=data)
            if status is not None and status != plan.status:
                services.change_status(
                    plan,
                    status,
                    by=self.request.user,
                    decision_date=data.get("decision_date"),
                    refusal_reason=data.get("refusal_reason", plan.refusal_reason),
                )
        self._shown().append(plan)


class _PlanPart(_Writable):
    def perform_create(self, serializer):
        self._save_part(serializer)

    def perform_update(self, serializer):
        self._save_part(serializer)

    def _save_part(self, serializer):
        model = serializer.Meta.model
        instance = serializer.instance or model()
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        version = self.request.data.get("version") if model is Goal else None
        with transaction.atomic():
            services.save_part(
                instance, by=self.request.user, version=int(version) if version else None
            )
            if model is Measure:
                plan_measure_saved.call_all(instance, serializer.validated_data)
        serializer.instance = instance
        self._shown().append(instance)


class GoalViewSet(_PlanPart):
    queryset = Goal.objects.select_related("plan")
    serializer_class = GoalSerializer
    filterset_class = GoalFilterSet


class PlanMeasureViewSet(_PlanPart):
    queryset = Measure.objects.select_related("plan")
    serializer_class = PlanMeasureSerializer
    filterset_class = MeasureFilterSet


class ParticipantViewSet(_PlanPart, mixins.DestroyModelMixin):
    queryset = Participant.objects.select_related("plan")
    serializer_class = ParticipantSerializer
    filterset_class = ParticipantFilterSet

    def perform_destroy(self, instance):
        services.delete_participant(instance, by=self.request.user)


class MeetingViewSet(_Writable):
    queryset = Meeting.objects.select_related("plan")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
