"""The plan API's contract (issue: care planning): field names are fixed."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from bops.api import ScopedSerializerMixin
from municipalities.hooks import plan_measure_api_fields
from municipalities.models import (
    CrisisPlan,
    Goal,
    IndividualPlan,
    Measure,
    Meeting,
    Organisation,
    Participant,
    ServiceUser,
)


class GoalSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["id", "plan", "text", "domain", "target_date", "status", "version"]
        read_only_fields = ["version"]


class PlanMeasureSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    responsible_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(active=True), allow_null=True, required=False
    )

    class Meta:
        model = Measure
        fields = [
            "id",
            "plan",
            "goal",
            "description",
            "responsible_organisation",
            "responsible_other",
            "contact_name",
            "contact_phone",
            "start",
            "end",
            "scope",
            "status",
        ]

    def get_fields(self):
        # Fields the apps above add (the shared measure of the catalogue).
        fields = super().get_fields()
        for extra in plan_measure_api_fields:
            fields.update(extra())
        return fields


class ParticipantSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(active=True), allow_null=True, required=False
    )
    user = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), allow_null=True, required=False
    )

    class Meta:
        model = Participant
        fields = [
            "id",
            "plan",
            "organisation",
            "user",
            "name",
            "phone",
            "role",
            "is_leader",
            "access_from",
            "access_until",
        ]


class MeetingSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "plan", "starts_at", "duration_minutes", "place", "agenda", "minutes"]


class CrisisPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = CrisisPlan
        fields = [
            "warning_signs",
            "what_helps",
            "what_to_avoid",
            "who_to_call",
            "agreed_measures",
            "revised_on",
        ]


class IndividualPlanSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    service_user = serializers.PrimaryKeyRelatedField(queryset=ServiceUser.objects.all())
    coordinator = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), required=False
    )
    refusal_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, write_only=False
    )

    class Meta:
        model = IndividualPlan
        fields = [
            "id",
            "service_user",
            "status",
            "coordinator",
            "decision_date",
            "refusal_reason",
            "next_evaluation",
            "owner_statement",
            "proposed_group",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_service_user(self, value):
        if self.instance is not None and value.pk != self.instance.service_user_id:
            raise serializers.ValidationError("A plan cannot move to another person.")
        return value

    def validate(self, attrs):
        # The status is moved by the service (the transition rules); the
        # model's clean() checks the coordinator.
        status = attrs.pop("status", None)
        attrs = super().validate(attrs)
        if status is not None:
            attrs["status"] = status
        return attrs


class IndividualPlanDetailSerializer(IndividualPlanSerializer):
    goals = GoalSerializer(many=True, read_only=True)
    measures = PlanMeasureSerializer(many=True, read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    crisis_plan = CrisisPlanSerializer(read_only=True, allow_null=True)

    class Meta(IndividualPlanSerializer.Meta):
        fields = [
            *IndividualPlanSerializer.Meta.fields,
            "goals",
            "measures",
            "participants",
            "crisis_plan",
        ]
