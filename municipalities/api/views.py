from rest_framework import mixins, viewsets

from bops.api import ScopedViewSetMixin
from bops.pagination import KeysetPagination
from municipalities.api.serializers import (
    MunicipalitySerializer,
    OrganisationSerializer,
    ServiceUserSerializer,
)
from municipalities.filtersets import (
    MunicipalityFilterSet,
    OrganisationFilterSet,
    ServiceUserFilterSet,
)
from municipalities.models import Municipality, Organisation, ServiceUser


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"\d+"
    queryset = Municipality.objects.all()
    serializer_class = MunicipalitySerializer
    filterset_class = MunicipalityFilterSet


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"\d+"
    queryset = Organisation.objects.select_related("municipality").prefetch_related("catchment")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet


class ServiceUserViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Service users in the caller's scope. No delete: a person's record is
    closed, never removed, through the API."""

    lookup_value_regex = r"\d+"
    # The serializer shows the municipality and coordinator as ids: no joins.
    queryset = ServiceUser.objects.all()
    serializer_class = ServiceUserSerializer
    filterset_class = ServiceUserFilterSet
    # Keyset pages in the model's order (bops/pagination.py): 40 000 people
    # for a national administrator, any page at the cost of the first.
    pagination_class = KeysetPagination
    keyset_ordering = ("last_name", "first_name", "id")
