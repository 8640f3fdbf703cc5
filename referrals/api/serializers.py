from django.db.models import CharField, F, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bops import access, dates
from municipalities.models import Organisation, ServiceUser
from referrals.choices import Status
from referrals.models import Referral, ReferralEvent


class ReferralEventSerializer(serializers.ModelSerializer):
    by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ReferralEvent
        fields = ["id", "at", "by", "from_status", "to_status", "note"]


class ReferralSerializer(serializers.ModelSerializer):
    service_user_name = serializers.CharField(source="service_user.full_name", read_only=True)
    sender_name = serializers.CharField(source="sender.name", read_only=True)
    receiver_name = serializers.CharField(source="receiver.name", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "service_user",
            "service_user_name",
            "sender",
            "sender_name",
            "receiver",
            "receiver_name",
            "kind",
            "urgency",
            "status",
            "reason",
            "requested",
            "sender_contact",
            "sent_at",
            "received_at",
            "assessment_deadline",
            "is_overdue",
            "decided_at",
            "rejection_reason",
            "advice",
            "withdrawal_reason",
            "completion_reason",
            "planned_start",
            "recommendations",
            "wanted_start",
            "needs_shielded_unit",
            "paying_municipality",
            "situation",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @classmethod
    def row_values(cls, queryset):
        """The list's rows (bops/api_rows.py): the names joined and
        `is_overdue` computed by the database."""
        plain = [
            name
            for name in cls.Meta.fields
            if name not in ("service_user_name", "sender_name", "receiver_name")
        ]
        return queryset.with_is_overdue().values(
            *plain,
            service_user_name=Concat(
                "service_user__first_name",
                Value(" "),
                "service_user__last_name",
                output_field=CharField(),
            ),
            sender_name=F("sender__name"),
            receiver_name=F("receiver__name"),
        )


class ReferralDetailSerializer(ReferralSerializer):
    events = ReferralEventSerializer(many=True, read_only=True)

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "events"]
        read_only_fields = fields


class ReferralCreateSerializer(serializers.ModelSerializer):
    """A new referral, always a draft. The sender must be an organisation the
    user acts for, the person one the user may see."""

    class Meta:
        model = Referral
        fields = [
            "id",
            "service_user",
            "sender",
            "receiver",
            "kind",
            "urgency",
            "reason",
            "requested",
            "recommendations",
            "wanted_start",
            "needs_shielded_unit",
            "paying_municipality",
            "situation",
        ]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = request.user if request else None
        fields["service_user"].queryset = ServiceUser.objects.for_user(user, access.VIEW)
        parties = Organisation.objects.referral_parties()
        fields["sender"].queryset = parties.filter(
            pk__in=access.organisation_ids(user, action=access.CHANGE)
        )
        fields["receiver"].queryset = parties
        return fields

    def validate(self, attrs):
        if attrs["sender"] == attrs["receiver"]:
            raise serializers.ValidationError({"receiver": _("Send to another organisation.")})
        return attrs

    def create(self, validated_data):
        # A duplicate is refused by the model: a 400 through the exception handler.
        return Referral.objects.create(
            sender_contact=self.context["request"].user, **validated_data
        )


class TransitionSerializer(serializers.Serializer):
    """`to` names the status to move to; the other fields are those of the
    transition that leads there (the table's `fields`)."""

    to = serializers.ChoiceField(choices=Status.choices)
    version = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")
    planned_start = serializers.DateField(
        required=False, allow_null=True, default=None, validators=[dates.DEADLINE]
    )
    rejection_reason = serializers.CharField(required=False, allow_blank=True, default="")
    advice = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    withdrawal_reason = serializers.CharField(required=False, allow_blank=True, default="")
    completion_reason = serializers.CharField(required=False, allow_blank=True, default="")
    recommendations = serializers.CharField(
        required=False, allow_blank=True, max_length=10000, default=""
    )
    confirm_legal_basis = serializers.CharField(required=False, allow_blank=True, default=None)
    confirm_outside_catchment_note = serializers.CharField(
        required=False, allow_blank=True, default=None
    )

    #: The transition methods' keyword arguments named differently here
    #: (after the referral's columns).
    API_NAMES = {"reason": "rejection_reason"}

    @classmethod
    def field_for(cls, argument: str) -> str:
        return cls.API_NAMES.get(argument, argument)
