from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bops import access
from bops.api import AccessLoggingMixin
from bops.api_rows import RowListMixin
from referrals.api.serializers import (
    ReferralCreateSerializer,
    ReferralDetailSerializer,
    ReferralSerializer,
    TransitionSerializer,
    as_drf_error,
)
from referrals.filtersets import ReferralApiFilterSet, receiver_param
from referrals.models import ConflictError, Referral, TransitionError


def _apply(referral: Referral, user, data: dict):
    """Call the transition method that leads to `data["to"]`."""
    to = data["to"]
    common = {"by": user, "version": data["version"]}
    note = data["note"]
    S = Referral.Status
    if to == S.SENT:
        return referral.send(
            **common,
            note=note,
            confirm_legal_basis=data["confirm_legal_basis"],
            confirm_outside_catchment_note=data["confirm_outside_catchment_note"],
        )
    if to == S.RECEIVED:
        if referral.status == S.INFO_REQUESTED:
            return referral.provide_info(**common, note=note)
        return referral.receive(**common, note=note)
    if to == S.ACCEPTED:
        return referral.accept(**common, note=note, planned_start=data["planned_start"])
    if to == S.REJECTED:
        return referral.reject(
            **common, note=note, reason=data["rejection_reason"], advice=data["advice"]
        )
    if to == S.INFO_REQUESTED:
        return referral.request_info(**common, note=note)
    if to == S.STARTED:
        return referral.start(**common, note=note)
    if to == S.COMPLETED:
        return referral.complete(**common, note=note, recommendations=data["recommendations"])
    if to == S.WITHDRAWN:
        return referral.withdraw(**common, note=note)
    if to == S.ACKNOWLEDGED:
        return referral.acknowledge(**common, note=note)
    raise TransitionError(
        _("A referral that is %(status)s cannot become %(to)s.")
        % {"status": referral.get_status_display(), "to": S(to).label}
    )


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
            "events__by"
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
        """Move the referral on. 400: illegal transition or missing fields;
        409: someone changed it first (stale version); 404: not visible;
        403: visible, but this user may not make this change."""
        referral = access.get_for_user(Referral, request.user, access.CHANGE, pk=pk)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            _apply(referral, request.user, serializer.validated_data)
        except TransitionError as error:
            return Response(
                {"to": [str(error)], "status": referral.status},
                status=status.HTTP_400_BAD_REQUEST,
            )
        except ConflictError as error:
            referral.refresh_from_db()
            return Response(
                {"detail": str(error), "version": referral.version},
                status=status.HTTP_409_CONFLICT,
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        answers = getattr(referral, "answers", {})
        referral = self.get_queryset().get(pk=referral.pk)
        self._shown().append(referral)
        data = ReferralDetailSerializer(referral, context={"request": request}).data
        return Response({**data, **answers})
