"""One filterset per model, shared by the HTML lists, the API and reports."""

import django_filters
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality, Organisation, ServiceUser


class ServiceUserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    home_municipality = django_filters.ModelChoiceFilter(
        label=_("Home municipality"), queryset=Municipality.objects.all()
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

    class Meta:
        model = Municipality
        fields = ["q", "active", "county"]

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(number=value)


class OrganisationFilterSet(django_filters.FilterSet):
    class Meta:
        model = Organisation
        fields = ["kind", "municipality", "active"]
