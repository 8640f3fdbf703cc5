"""One filterset per model, shared by the HTML lists, the API and reports."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bops import access
from municipalities.models import Municipality, Organisation, ServiceUser


def _home_municipality_choices(request):
    """The municipalities a user works with: their own (coordinators) and those
    their units serve. Nationally that is a handful, not 356 options rendered
    on every list page; administrators get all."""
    user = getattr(request, "user", None)
    if user is None or access.is_superuser(user):
        return Municipality.objects.all()
    return Municipality.objects.filter(
        Q(pk__in=access.coordinator_municipality_ids(user))
        | Q(serving_organisations__in=access.organisation_ids(user))
    ).distinct()


class ServiceUserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    home_municipality = django_filters.ModelChoiceFilter(
        label=_("Home municipality"), queryset=_home_municipality_choices
    )
    main_pathway = django_filters.ChoiceFilter(
        label=_("Main pathway"), choices=ServiceUser.Pathway.choices
    )
    rop = django_filters.BooleanFilter(label=_("ROP"))
    ip_status = django_filters.ChoiceFilter(
        label=_("Individual plan"), choices=ServiceUser.PlanStatus.choices
    )

    class Meta:
        model = ServiceUser
        fields = ["q", "home_municipality", "main_pathway", "rop", "ip_status"]

    def search(self, queryset, name, value):
        return queryset.search(value)


class MunicipalityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    valid_on = django_filters.DateFilter(label=_("Valid on"), method="filter_valid_on")

    class Meta:
        model = Municipality
        fields = ["q", "active", "county", "valid_on"]

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(number=value)

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value)


class OrganisationFilterSet(django_filters.FilterSet):
    class Meta:
        model = Organisation
        fields = ["kind", "municipality", "active"]
