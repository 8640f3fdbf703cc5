from django.contrib.auth import get_user_model
from rest_framework import serializers
from stdnum.no import fodselsnummer

from bops.api import ScopedSerializerMixin
from municipalities.models import Municipality, Organisation, ServiceUser
from municipalities.models.organisations import coordinator_choices


class MunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = [
            "id", "number", "name", "county", "population", "active",
            "valid_from", "valid_until", "successor",
        ]  # fmt: skip


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "municipality",
            "health_trust",
            "catchment",
            "min_age",
            "max_age",
            "email",
            "active",
        ]


class ServiceUserSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    coordinator = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = ServiceUser
        fields = [
            "id",
            "national_id",
            "first_name",
            "last_name",
            "birth_date",
            "home_municipality",
            "main_pathway",
            "rop",
            "coordinator",
            "ip_status",
            "ip_date",
            "crisis_plan_date",
            "next_of_kin_name",
            "next_of_kin_phone",
            "deceased_on",
            "moved_out_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["birth_date", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["coordinator"].queryset = coordinator_choices(request.user)
        # New records take a municipality valid today; a person recorded before
        # a merger keeps the municipality of their day.
        home = fields["home_municipality"]
        choices = home.queryset.current()
        if isinstance(self.instance, ServiceUser):
            choices = choices | Municipality.objects.filter(pk=self.instance.home_municipality_id)
        home.queryset = choices
        return fields

    def update(self, instance, validated_data):
        # Who recorded a date of death or a move: the closing events name them.
        request = self.context.get("request")
        instance.changed_by = getattr(request, "user", None)
        return super().update(instance, validated_data)

    def to_internal_value(self, data):
        # Accept "010190 12345" as typed: store the 11 digits only.
        if isinstance(data, dict) and isinstance(data.get("national_id"), str):
            data = {**data, "national_id": fodselsnummer.compact(data["national_id"])}
        return super().to_internal_value(data)
