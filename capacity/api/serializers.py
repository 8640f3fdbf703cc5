"""Serializers of the residence API. Foreign-key choices follow the user's scope."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from bops import access, dates
from capacity.choices import CLOSE_REASONS_TO_CHOOSE, ApplicationCloseReason, ApplicationPriority
from capacity.intake import applied_on
from capacity.models import Application, Place, Residence, Stay
from capacity.querysets import staff_organisation_ids
from capacity.transitions import referral_problem
from municipalities.models import Municipality, ServiceUser
from referrals.choices import Kind
from referrals.models import Referral


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A foreign key whose choices are `scope(user)`: outsiders' rows look unknown."""

    def __init__(self, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(self.context["request"].user)


def _service_users(user):
    """People this user may act for at a residence: those whose record the
    user may change (their coordinators) and, for residence staff, the
    applicants and residents of their residences, whose records they only see."""
    records = ServiceUser.objects.for_user(user, access.CHANGE)
    organisations = staff_organisation_ids(user, access.CHANGE)
    if access.is_superuser(user) or not organisations:
        return records
    served = ServiceUser.objects.filter(anonymised_at__isnull=True).filter(
        Q(residence_applications__residence__organisation_id__in=organisations)
        | Q(residence_stays__place__residence__organisation_id__in=organisations)
    )
    return ServiceUser.objects.filter(
        Q(pk__in=records.values("pk")) | Q(pk__in=served.values("pk"))
    )


def _staff_places(user):
    if access.is_superuser(user):
        return Place.objects.all()
    return Place.objects.filter(
        residence__organisation_id__in=staff_organisation_ids(user, access.CHANGE)
    )


def _visible_people(user):
    return ServiceUser.objects.for_user(user, access.VIEW)


def _referrals(user):
    """Admission referrals the user may see (the intake team: those sent to it)."""
    return Referral.objects.for_user(user).filter(kind=Kind.ADMISSION)


class ResidenceSerializer(serializers.ModelSerializer):
    places = serializers.IntegerField(source="places_count", read_only=True)
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)

    class Meta:
        model = Residence
        fields = ["id", "name", "organisation", "municipality", "municipality_name", "places"]


class PeriodSerializer(serializers.Serializer):
    """?from=YYYY-MM-DD&to=YYYY-MM-DD, both days included, at most ten years."""

    MAX_DAYS = 3660

    def get_fields(self):
        # "from" is a Python keyword, so the fields are declared here.
        return {
            "from": serializers.DateField(label=_("from"), validators=[dates.REPORT]),
            "to": serializers.DateField(label=_("to"), validators=[dates.REPORT]),
        }

    def validate(self, attrs):
        if attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": _("The period ends before it starts.")})
        if (attrs["to"] - attrs["from"]).days >= self.MAX_DAYS:
            raise serializers.ValidationError({"to": _("The period is longer than ten years.")})
        return attrs


class ApplicationSerializer(serializers.ModelSerializer):
    """An application on the waiting list. Queue fields are the server's and
    the intake team's: `status`, `applied_on` (the day the referral was sent)
    and `priority` (set with a reason through `prioritise`) are read only, so
    a client that sends them has them ignored. Creating one directly is for
    the intake team, on an admission referral the residence has accepted."""

    service_user = ScopedPrimaryKeyField(_visible_people)
    service_user_name = serializers.CharField(source="service_user.full_name", read_only=True)
    referral = ScopedPrimaryKeyField(_referrals)
    applying_municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), required=False
    )
    offered_place_code = serializers.CharField(source="offered_place.code", read_only=True)
    position = serializers.SerializerMethodField()
    days_waited = serializers.IntegerField(read_only=True)
    expected_wait_days = serializers.SerializerMethodField()
    expected_wait_basis = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "residence",
            "service_user",
            "service_user_name",
            "applying_municipality",
            "referral",
            "priority",
            "status",
            "applied_on",
            "offered_place",
            "offered_place_code",
            "offer_valid_until",
            "admitted_on",
            "waiting_days",
            "days_waited",
            "position",
            "expected_wait_days",
            "expected_wait_basis",
            "note",
            "decision_note",
            "close_reason",
        ]
        read_only_fields = [
            "priority",
            "status",
            "applied_on",
            "offered_place",
            "offer_valid_until",
            "admitted_on",
            "waiting_days",
            "decision_note",
            "close_reason",
        ]
        # The one-open-application rule is checked in validate() with a clear message.
        validators: list = []

    def validate_applying_municipality(self, value):
        return _valid_today(value)

    def get_position(self, obj) -> int | None:
        return getattr(obj, "position", None) if obj.is_open else None

    def _expected(self, obj) -> tuple[int | None, int]:
        if not obj.is_open:
            return None, 0
        return obj.expected_wait(self.context.setdefault("expected_waits", {}))

    def get_expected_wait_days(self, obj) -> int | None:
        """Median days waited by the last admissions at the same priority."""
        return self._expected(obj)[0]

    def get_expected_wait_basis(self, obj) -> int:
        """How many admissions the expected wait rests on."""
        return self._expected(obj)[1]

    def validate(self, attrs):
        user = self.context["request"].user
        person = attrs["service_user"]
        residence = attrs["residence"]
        # A person recorded before a merger applies from today's municipality.
        attrs.setdefault("applying_municipality", person.home_municipality.on(timezone.localdate()))
        if not (
            access.is_superuser(user)
            or residence.organisation_id in staff_organisation_ids(user, access.CHANGE)
        ):
            raise PermissionDenied(
                _(
                    "Only the residence's intake team creates an application directly; "
                    "send an admission referral to the residence instead."
                )
            )
        problem = referral_problem(attrs["referral"], residence, person.pk)
        if problem:
            raise serializers.ValidationError({"referral": problem})
        if Application.objects.open().filter(service_user=person, residence=residence).exists():
            raise serializers.ValidationError(
                {
                    "service_user": _(
                        "This person already has an open application to this residence."
                    )
                }
            )
        attrs["applied_on"] = applied_on(attrs["referral"])
        return attrs


class PrioritySerializer(serializers.Serializer):
    priority = serializers.ChoiceField(choices=ApplicationPriority.choices)
    reason = serializers.CharField(max_length=5000)


class OfferSerializer(serializers.Serializer):
    place = ScopedPrimaryKeyField(_staff_places)
    valid_until = serializers.DateField(validators=[dates.DEADLINE])
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class CloseSerializer(NoteSerializer):
    """Decline, decline an offer or withdraw: the reason category, and a
    note when it is "other" (the model asks again)."""

    reason = serializers.ChoiceField(
        choices=CLOSE_REASONS_TO_CHOOSE, error_messages={"required": _("Choose the reason.")}
    )

    def validate(self, attrs):
        if attrs["reason"] == ApplicationCloseReason.OTHER and not attrs["note"].strip():
            raise serializers.ValidationError(
                {"note": _("Describe the reason when you choose other.")}
            )
        return attrs


class StaySerializer(serializers.ModelSerializer):
    service_user_name = serializers.CharField(source="service_user.full_name", read_only=True)
    place_code = serializers.CharField(source="place.code", read_only=True)
    residence = serializers.IntegerField(source="place.residence_id", read_only=True)
    bed_days = serializers.SerializerMethodField()

    class Meta:
        model = Stay
        fields = [
            "id",
            "service_user",
            "service_user_name",
            "residence",
            "place",
            "place_code",
            "paying_municipality",
            "start",
            "end",
            "end_reason",
            "end_note",
            "bed_days",
        ]
        read_only_fields = fields

    def get_bed_days(self, obj) -> int:
        return obj.bed_days()


def _valid_today(municipality):
    """New records take a municipality valid today, with a message naming the
    one it is part of now."""
    today = timezone.localdate()
    if municipality is not None and not municipality.is_valid_on(today):
        raise serializers.ValidationError(
            _("%(old)s no longer exists; it is part of %(new)s.")
            % {"old": municipality, "new": municipality.on(today)}
        )
    return municipality


class AdmitSerializer(serializers.Serializer):
    service_user = ScopedPrimaryKeyField(_service_users)
    paying_municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), required=False, allow_null=True, default=None
    )
    place = ScopedPrimaryKeyField(_staff_places, required=False, allow_null=True, default=None)
    residence = serializers.PrimaryKeyRelatedField(
        queryset=Residence.objects.all(), required=False, allow_null=True, default=None
    )
    start = serializers.DateField(
        required=False, allow_null=True, default=None, validators=[dates.STAY]
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")

    def validate_paying_municipality(self, value):
        return _valid_today(value)


class DischargeSerializer(serializers.Serializer):
    end = serializers.DateField(validators=[dates.STAY])
    reason = serializers.ChoiceField(choices=Stay.EndReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")

    def validate(self, attrs):
        if attrs["reason"] == Stay.EndReason.OTHER and not attrs["note"].strip():
            raise serializers.ValidationError(
                {"note": _("Describe the reason when you choose other.")}
            )
        return attrs
