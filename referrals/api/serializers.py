from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bops import access, dates
from municipalities.models import Municipality, Organisation, ServiceUser
from referrals.choices import ANSWERS, ProposedOwner, Status
from referrals.models import Referral, ReferralEvent
from referrals.notices import Notice, NoticeKind, sending_units
from referrals.recommendations import Recommendation


class ReferralEventSerializer(serializers.ModelSerializer):
    by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ReferralEvent
        fields = ["id", "at", "by", "from_status", "to_status", "note", "kind"]


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
    assessments = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        help_text="The assessments the sender chose to send with it: the receiving unit "
        "sees these and no other assessment of the person.",
    )

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "assessments", "events"]
        read_only_fields = fields


def _assessment_ids():
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        max_length=200,
        help_text="Ids of the person's assessments to send with the referral (those the "
        "sender may see). The receiving unit sees these and no other assessment.",
    )


class ReferralCreateSerializer(serializers.ModelSerializer):
    """A new referral, always a draft. The sender must be an organisation the
    user acts for, the person one the user may see; `assessments` (ids) are
    the person's assessments to send with it."""

    assessments = _assessment_ids()

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
            "assessments",
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
        # A new referral names a municipality valid today as the payer.
        fields["paying_municipality"].queryset = Municipality.objects.current()
        return fields

    def validate(self, attrs):
        if attrs["sender"] == attrs["receiver"]:
            raise serializers.ValidationError({"receiver": _("Send to another organisation.")})
        chosen = attrs.get("assessments") or []
        if chosen:
            person = Referral(service_user=attrs["service_user"])
            errors = person.assessment_errors(chosen, by=self.context["request"].user)
            if errors:
                raise serializers.ValidationError(errors)
        return attrs

    def create(self, validated_data):
        chosen = validated_data.pop("assessments", [])
        user = self.context["request"].user
        with transaction.atomic():
            # A duplicate is refused by the model: a 400 through the exception handler.
            referral = Referral.objects.create(sender_contact=user, **validated_data)
            referral.choose_assessments(chosen, by=user)
        return referral


class RecommendationItemSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    proposed_owner = serializers.ChoiceField(
        choices=ProposedOwner.choices, required=False, default=ProposedOwner.MUNICIPAL_SERVICE
    )
    due = serializers.DateField(required=False, allow_null=True, default=None)


class RecommendationsField(serializers.Field):
    """Free text (as before), or a list of items (`text`, optional
    `proposed_owner` and `due`) that the municipality answers one by one."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            if len(data) > 10000:
                raise serializers.ValidationError(_("At most 10000 characters."))
            return data
        if isinstance(data, list):
            items = RecommendationItemSerializer(data=data, many=True)
            items.is_valid(raise_exception=True)
            return [dict(item) for item in items.validated_data]
        raise serializers.ValidationError(_("Give text or a list of items."))

    def to_representation(self, value):
        return value


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
    recommendations = RecommendationsField(required=False, default="")
    confirm_legal_basis = serializers.CharField(required=False, allow_blank=True, default=None)
    confirm_outside_catchment_note = serializers.CharField(
        required=False, allow_blank=True, default=None
    )
    # Sending: the assessments that go with it (absent: those of the draft).
    assessments = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        allow_null=True,
        default=None,
        max_length=200,
        help_text="With `sent`: ids of the person's assessments to send with it, replacing "
        "the draft's choice. Absent or null: the draft's choice stands.",
    )

    #: The transition methods' keyword arguments named differently here
    #: (after the referral's columns).
    API_NAMES = {"reason": "rejection_reason"}

    @classmethod
    def field_for(cls, argument: str) -> str:
        return cls.API_NAMES.get(argument, argument)


# --- recommendations ---------------------------------------------------------


class RecommendationSerializer(serializers.ModelSerializer):
    """An item of a return. `status` and `response` are changed with PATCH;
    `ask_for_guidance: true` together with `not_possible` sends an advice
    referral to the unit that wrote it, whose id is `guidance_referral`."""

    service_user = serializers.IntegerField(source="referral.service_user_id", read_only=True)
    add_to_plan = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="With `planned`: make the item a measure in the person's individual plan.",
    )
    answered_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    ask_for_guidance = serializers.BooleanField(write_only=True, required=False, default=False)
    status = serializers.ChoiceField(choices=Recommendation._meta.get_field("status").choices)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "referral",
            "service_user",
            "position",
            "text",
            "proposed_owner",
            "due",
            "status",
            "response",
            "measure",
            "guidance_referral",
            "answered_at",
            "answered_by",
            "done_at",
            "created_at",
            "ask_for_guidance",
            "add_to_plan",
        ]
        read_only_fields = [
            "id",
            "referral",
            "position",
            "text",
            "proposed_owner",
            "due",
            "guidance_referral",
            "measure",
            "answered_at",
            "answered_by",
            "done_at",
            "created_at",
        ]

    def validate_status(self, value):
        if value not in ANSWERS:
            raise serializers.ValidationError(
                _("Choose planned, in progress, done or not possible.")
            )
        return value

    def update(self, instance, validated_data):
        return instance.answer(
            by=self.context["request"].user,
            status=validated_data.get("status", instance.status),
            response=validated_data.get("response", instance.response),
            ask_for_guidance=validated_data.get("ask_for_guidance", False),
            add_to_plan=validated_data.get("add_to_plan", False),
        )


# --- notices -------------------------------------------------------------------


class NoticeSerializer(serializers.ModelSerializer):
    service_user_name = serializers.CharField(source="service_user.full_name", read_only=True)
    sender_name = serializers.CharField(source="sender.name", read_only=True)
    receiver_name = serializers.CharField(source="receiver.name", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    acknowledged_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    acknowledged = serializers.SerializerMethodField()
    is_overdue = serializers.BooleanField(read_only=True)
    kind = serializers.ChoiceField(choices=NoticeKind.choices)

    class Meta:
        model = Notice
        fields = [
            "id",
            "service_user",
            "service_user_name",
            "sender",
            "sender_name",
            "receiver",
            "receiver_name",
            "kind",
            "expected_date",
            "note",
            "created_by",
            "created_at",
            "acknowledge_by",
            "acknowledged",
            "acknowledged_at",
            "acknowledged_by",
            "is_overdue",
            "escalated_at",
            "next_of_kin_informed",
            "next_of_kin_who",
            "next_of_kin_on",
        ]
        read_only_fields = [
            "id",
            "receiver",
            "created_by",
            "created_at",
            "acknowledge_by",
            "acknowledged_at",
            "acknowledged_by",
            "escalated_at",
            "next_of_kin_informed",
            "next_of_kin_who",
            "next_of_kin_on",
        ]
        extra_kwargs = {"sender": {"required": False}, "note": {"max_length": 5000}}

    def get_acknowledged(self, obj) -> bool:
        return obj.acknowledged_at is not None

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = request.user if request else None
        fields["service_user"].queryset = ServiceUser.objects.for_user(user, access.VIEW)
        fields["sender"].queryset = sending_units(user)
        return fields

    def create(self, validated_data):
        return Notice.send(by=self.context["request"].user, **validated_data)


class NoticeAcknowledgeSerializer(serializers.Serializer):
    next_of_kin_informed = serializers.BooleanField(required=False, allow_null=True, default=None)
    next_of_kin_who = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )
    next_of_kin_on = serializers.DateField(required=False, allow_null=True, default=None)
