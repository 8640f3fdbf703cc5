"""The residence API: residences and occupancy, applications, stays.

Every queryset starts from `for_user`; single objects come through
`get_for_user` (404 for outsiders, 403 for read-only members on writes).
Applications and stays name a person: each answer that shows them writes the
access log (bops/api.py, AccessLoggingMixin).
Refusals are `bops.errors` classes raised by the model and the services;
the project's EXCEPTION_HANDLER answers them ("the residence is full": 409,
an illegal move: 409, the wrong side: 403, bad input: 400 with the field).
The moves of an application are the transition table in capacity/choices.py:
each is an action named like its method (`offer`, `accept_offer` ...).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bops import access
from bops.api import AccessLoggingMixin
from bops.errors import InvalidInput
from bops.pagination import KeysetPagination
from capacity import occupancy, services
from capacity.api.serializers import (
    AdmitSerializer,
    ApplicationSerializer,
    CloseSerializer,
    DischargeSerializer,
    NoteSerializer,
    OfferSerializer,
    PeriodSerializer,
    PrioritySerializer,
    ResidenceSerializer,
    StaySerializer,
)
from capacity.choices import ApplicationAction
from capacity.filtersets import ApplicationFilterSet, StayFilterSet
from capacity.models import Application, Residence, Stay
from capacity.querysets import is_residence_staff
from municipalities.models import Municipality


def _require_staff(user, residence) -> None:
    if not is_residence_staff(user, residence, access.CHANGE):
        raise PermissionDenied


class ResidenceViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"\d+"
    serializer_class = ResidenceSerializer

    def get_queryset(self):
        return (
            Residence.objects.for_user(self.request.user)
            .with_active_places()
            .select_related("municipality")
            .order_by("name")
        )

    @action(detail=True, methods=["get"])
    def occupancy(self, request, pk=None):
        """Daily occupancy, totals and bed-days per paying municipality for ?from=&to=.

        Aggregates only, so every member may read it. The number of queries
        does not depend on the length of the period.
        """
        residence = get_object_or_404(Residence.objects.for_user(request.user), pk=pk)
        period = PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        start, end = period.validated_data["from"], period.validated_data["to"]
        days = occupancy.occupancy(residence, start, end)
        nights = occupancy.bed_days_by_municipality(residence, start, end)
        names = dict(Municipality.objects.filter(pk__in=nights).values_list("pk", "name"))
        occupied = sum(d.occupied for d in days)
        capacity = sum(d.active_places for d in days)
        return Response(
            {
                "residence": residence.pk,
                "from": start,
                "to": end,
                "days": [
                    {
                        "date": d.date,
                        "occupied": d.occupied,
                        "active_places": d.active_places,
                        "utilisation": round(d.utilisation, 4),
                    }
                    for d in days
                ],
                "totals": {
                    "days": len(days),
                    "bed_days": occupied,
                    "place_days": capacity,
                    "average_occupied": round(occupied / len(days), 2),
                    "utilisation": round(occupied / capacity, 4) if capacity else 0.0,
                },
                "bed_days_by_municipality": [
                    {"municipality": pk, "name": names.get(pk, ""), "bed_days": n}
                    for pk, n in sorted(nights.items(), key=lambda item: names.get(item[0], ""))
                ],
            }
        )


class ApplicationViewSet(
    AccessLoggingMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_regex = r"\d+"
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    # Keyset pages in the waiting list's order (bops/pagination.py).
    pagination_class = KeysetPagination
    keyset_ordering = ("priority", "applied_on", "id")

    def get_queryset(self):
        return (
            Application.objects.for_user(self.request.user)
            .with_position()
            .with_days_waited()
            .select_related("service_user", "offered_place")
            .order_by("priority", "applied_on", "pk")
        )

    def perform_create(self, serializer):
        try:
            with transaction.atomic():
                application = serializer.save()
                application.record_applied(by=self.request.user)
                self._shown().append(application)
        except IntegrityError as exc:
            # Two applications for one person saved at the same moment: the
            # database's unique rule picks one; the other gets the same message.
            raise InvalidInput(
                _("This person already has an open application to this residence."),
                field="service_user",
            ) from exc

    def _move(self, request, pk, name: str, serializer_class):
        """Make the application's move `name`; the model checks who may."""
        application = access.get_for_user(Application, request.user, access.CHANGE, pk=pk)
        data = serializer_class(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        getattr(application, name)(by=request.user, **data.validated_data)
        fresh = self.get_queryset().get(pk=application.pk)
        self._shown().append(fresh)
        return Response(self.get_serializer(fresh).data)

    @action(detail=True, methods=["post"])
    def offer(self, request, pk=None):
        return self._move(request, pk, ApplicationAction.OFFER, OfferSerializer)

    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._move(request, pk, ApplicationAction.DECLINE, CloseSerializer)

    @action(detail=True, methods=["post"], url_path="accept-offer")
    def accept_offer(self, request, pk=None):
        return self._move(request, pk, ApplicationAction.ACCEPT_OFFER, NoteSerializer)

    @action(detail=True, methods=["post"], url_path="decline-offer")
    def decline_offer(self, request, pk=None):
        return self._move(request, pk, ApplicationAction.DECLINE_OFFER, CloseSerializer)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The older name of accept-offer, kept for integrations."""
        return self._move(request, pk, ApplicationAction.ACCEPT_OFFER, NoteSerializer)

    @action(detail=True, methods=["post"])
    def prioritise(self, request, pk=None):
        """The intake team sets the priority, with a reason for the history."""
        return self._move(request, pk, "set_priority", PrioritySerializer)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._move(request, pk, ApplicationAction.WITHDRAW, CloseSerializer)


class StayViewSet(
    AccessLoggingMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_regex = r"\d+"
    serializer_class = StaySerializer
    filterset_class = StayFilterSet

    def get_queryset(self):
        return Stay.objects.for_user(self.request.user).select_related("service_user", "place")

    def create(self, request):
        """Admit a person: 201 with the stay, 409 when full or the place is taken."""
        data = AdmitSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        residence = values["place"].residence if values["place"] else values["residence"]
        if residence is None:
            residence = services.resolve_residence(values["service_user"], None, None)
        _require_staff(request.user, residence)
        stay = services.admit(
            values["service_user"],
            values["paying_municipality"],
            values["place"],
            values["start"],
            by=request.user,
            residence=residence,
            note=values["note"],
        )
        self._shown().append(stay)
        return Response(StaySerializer(stay).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def discharge(self, request, pk=None):
        stay = access.get_for_user(Stay, request.user, access.CHANGE, pk=pk)
        _require_staff(request.user, stay.place.residence)
        data = DischargeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.discharge(
            stay,
            data.validated_data["end"],
            data.validated_data["reason"],
            by=request.user,
            note=data.validated_data["note"],
        )
        self._shown().append(stay)
        return Response(StaySerializer(stay).data)
