"""Read-only API over the catalogue and the agreements: every staff member
reads them; changes are made by administrators in the admin."""

from rest_framework import viewsets

from bops.pagination import KeysetPagination
from catalogue.api.serializers import AgreementSerializer, MeasureSerializer
from catalogue.filtersets import AgreementFilterSet, MeasureFilterSet
from catalogue.models import Agreement, Measure


class MeasureViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Measure.objects.select_related("provider", "receiver").prefetch_related(
        "municipalities"
    )
    serializer_class = MeasureSerializer
    filterset_class = MeasureFilterSet
    lookup_value_regex = r"\d+"
    # Keyset pages (bops/pagination.py) by name, on the index (name, id).
    pagination_class = KeysetPagination
    keyset_ordering = ("name", "id")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .for_user(self.request.user)
            .with_live_places()
            .order_by("name", "pk")
        )


class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Agreement.objects.select_related("responsible").prefetch_related("parties")
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    lookup_value_regex = r"\d+"
    # Keyset pages by title, on the index (title, id).
    pagination_class = KeysetPagination
    keyset_ordering = ("title", "id")

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user).order_by("title", "pk")
