from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bops import access
from bops.api import AccessLoggingMixin
from bops.api_rows import RowListMixin
from bops.pagination import KeysetPagination
from referrals.api.serializers import (
    NoticeAcknowledgeSerializer,
    NoticeSerializer,
    RecommendationSerializer,
    ReferralCreateSerializer,
    ReferralDetailSerializer,
    ReferralSerializer,
    TransitionSerializer,
)
from referrals.choices import Status
from referrals.filtersets import (
    NoticeFilterSet,
    RecommendationFilterSet,
    ReferralApiFilterSet,
    receiver_param,
)
from referrals.models import Referral
from referrals.notices import Notice
from referrals.recommendations import Recommendation
from referrals.rules import TransitionError


def _apply(referral: Referral, user, data: dict):
    """Make the move of the transition table that leads to `data["to"]`,
    with the fields that transition takes; its method checks version, status
    and actor."""
    transition = referral.move_to(user, data["to"])
    if transition is None:
        raise TransitionError(
            _("A referral that is %(status)s cannot become %(to)s.")
            % {"status": referral.get_status_display(), "to": Status(data["to"]).label},
            status=referral.status,
            field="to",
        )
    fields = {name: data[TransitionSerializer.field_for(name)] for name in transition.fields}
    return getattr(referral, transition.name)(by=user, version=data["version"], **fields)


class ReferralViewSet(
    AccessLoggingMixin,
    RowListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Referrals the user may see. Created as drafts; every later change goes
    through `POST /referrals/{id}/transition/` and the model's methods."""

    filterset_class = ReferralApiFilterSet
    lookup_value_regex = r"\d+"
    log_person_field = "service_user"
    # Keyset pages (bops/pagination.py): newest first, or for a sync client
    # (?updated_since=) the oldest change first, so it can resume where it stopped.
    pagination_class = KeysetPagination

    def get_keyset_ordering(self, request):
        if request.query_params.get("updated_since"):
            return ("updated_at", "id")
        return ("-created_at", "-id")

    def get_queryset(self):
        # The list is served from rows (RowListMixin, ReferralSerializer.row_values);
        # a detail names the person, sender and receiver, and its history.
        if self.action == "list":
            # A unit's own list (?receiver=<id>) gets the rule in the form
            # PostgreSQL estimates right; the filter set checks the value.
            return Referral.objects.for_user(
                self.request.user, access.VIEW, receiver=receiver_param(self.request.query_params)
            )
        queryset = Referral.objects.for_user(self.request.user, access.VIEW)
        return queryset.select_related("service_user", "sender", "receiver").prefetch_related(
            "events__by", "assessments"
        )

    def get_serializer_class(self):
        if self.action == "create":
            return ReferralCreateSerializer
        if self.action in ("retrieve", "transition"):
            return ReferralDetailSerializer
        return ReferralSerializer

    def create(self, request, *args, **kwargs):
        serializer = ReferralCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        referral = serializer.save()
        self._shown().append(referral)
        return Response(
            ReferralDetailSerializer(referral, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"], serializer_class=TransitionSerializer)
    def transition(self, request, pk=None):
        """Move the referral on (the transition table in referrals/choices.py).
        400: missing or bad fields; 409: a move the status does not allow, or
        someone changed it first (stale version); 404: not visible; 403:
        visible, but this user may not make this change. Errors are answered
        by `bops.errors.api_exception_handler`."""
        referral = access.get_for_user(Referral, request.user, access.CHANGE, pk=pk)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _apply(referral, request.user, serializer.validated_data)
        answers = getattr(referral, "answers", {})
        referral = self.get_queryset().get(pk=referral.pk)
        self._shown().append(referral)
        data = ReferralDetailSerializer(referral, context={"request": request}).data
        return Response({**data, **answers})


class RecommendationViewSet(
    AccessLoggingMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Recommendation items of the returns the user may see. The municipal
    side answers with PATCH (`status`, `response`, `ask_for_guidance`)."""

    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilterSet
    lookup_value_regex = r"\d+"
    log_person_field = "referral__service_user"
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Recommendation.objects.for_user(self.request.user, access.VIEW)
            .with_related()
            .order_by("-created_at", "position", "pk")
        )

    def get_object(self):
        if self.request.method == "PATCH":
            obj = access.get_for_user(
                Recommendation.objects.with_related(),
                self.request.user,
                access.CHANGE,
                pk=self.kwargs["pk"],
            )
            self._shown().append(obj)
            return obj
        return super().get_object()


class NoticeViewSet(
    AccessLoggingMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Notices about people: sent by a DPS, BUP or residence unit (POST),
    acknowledged by the receiving municipal service
    (`POST /notices/{id}/acknowledge/`)."""

    serializer_class = NoticeSerializer
    filterset_class = NoticeFilterSet
    lookup_value_regex = r"\d+"
    log_person_field = "service_user"

    def get_queryset(self):
        return Notice.objects.for_user(self.request.user, access.VIEW).with_related()

    @action(detail=True, methods=["post"], serializer_class=NoticeAcknowledgeSerializer)
    def acknowledge(self, request, pk=None):
        """The receiving service confirms the notice, with whether the next
        of kin were informed (who and when). 404: not visible; 403: visible
        but not this user's to acknowledge."""
        notice = access.get_for_user(Notice, request.user, access.CHANGE, pk=pk)
        serializer = NoticeAcknowledgeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        notice.acknowledge(by=request.user, **serializer.validated_data)
        notice = self.get_queryset().get(pk=notice.pk)
        self._shown().append(notice)
        return Response(NoticeSerializer(notice, context={"request": request}).data)
