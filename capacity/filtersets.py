"""One filterset per model, shared by the HTML lists, the API and reports."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bops import dates
from capacity.choices import OPEN, ApplicationPriority, ApplicationStatus
from capacity.models import Application, Place, Residence, Stay
from municipalities.models import Municipality


def _search_person(queryset, value: str):
    value = (value or "").strip()
    if not value:
        return queryset
    if value.replace(" ", "").isdigit():
        return queryset.filter(service_user__national_id__startswith=value.replace(" ", ""))
    query = Q()
    for word in value.split():
        query &= Q(service_user__first_name__icontains=word) | Q(
            service_user__last_name__icontains=word
        )
    return queryset.filter(query)


class ApplicationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    residence = django_filters.ModelChoiceFilter(
        label=_("Residence"), queryset=Residence.objects.all()
    )
    service_user = django_filters.NumberFilter(label=_("Service user"), field_name="service_user")
    needs_shielded_unit = django_filters.BooleanFilter(
        label=_("Needs the shielded unit"), field_name="referral__needs_shielded_unit"
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=ApplicationStatus.choices
    )
    open = django_filters.BooleanFilter(label=_("Open (on the waiting list)"), method="filter_open")
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=ApplicationPriority.choices)
    applying_municipality = django_filters.ModelChoiceFilter(
        label=_("Applying municipality"), queryset=Municipality.objects.all()
    )
    applied_on = dates.DateFromToRangeFilter(label=_("Applied on"))

    class Meta:
        model = Application
        fields = [
            "q",
            "residence",
            "service_user",
            "status",
            "open",
            "priority",
            "applying_municipality",
            "needs_shielded_unit",
        ]

    def search(self, queryset, name, value):
        return _search_person(queryset, value)

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        rule = Q(status__in=OPEN)
        return queryset.filter(rule) if value else queryset.exclude(rule)


class StayFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    residence = django_filters.ModelChoiceFilter(
        label=_("Residence"), field_name="place__residence", queryset=Residence.objects.all()
    )
    place = django_filters.ModelChoiceFilter(label=_("Place"), queryset=Place.objects.all())
    paying_municipality = django_filters.ModelChoiceFilter(
        label=_("Paying municipality"), queryset=Municipality.objects.all()
    )
    ongoing = django_filters.BooleanFilter(
        label=_("Ongoing"), field_name="end", lookup_expr="isnull"
    )
    on = dates.DateFilter(label=_("Living there on"), method="filter_on")
    start = dates.DateFromToRangeFilter(label=_("Moved in"))
    end_reason = django_filters.ChoiceFilter(
        label=_("Reason for leaving"), choices=Stay.EndReason.choices
    )

    class Meta:
        model = Stay
        fields = ["q", "residence", "place", "paying_municipality", "ongoing", "end_reason"]

    def search(self, queryset, name, value):
        return _search_person(queryset, value)

    def filter_on(self, queryset, name, value):
        return queryset.on(value) if value else queryset
