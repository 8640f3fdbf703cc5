"""One set of filters for the "Who can help?" page and the API, and one for
the agreements register."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bops.widgets import QuickSelect
from catalogue.models import Agreement, Measure, domain_choices
from municipalities.models import Municipality, Organisation, ServiceUser


class MeasureFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    domain = django_filters.ChoiceFilter(
        label=_("Need (life domain)"), choices=domain_choices, method="filter_domain"
    )
    age = django_filters.NumberFilter(label=_("Age"), method="filter_age", min_value=0)
    pathway = django_filters.ChoiceFilter(
        label=_("Main pathway"), choices=ServiceUser.Pathway.choices, method="filter_pathway"
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.filter(active=True),
        field_name="municipalities",
        distinct=False,  # one municipality: a measure matches at most once
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"), choices=Measure.Kind.choices, distinct=False
    )
    rop = django_filters.BooleanFilter(label=_("Takes ROP"), method="filter_rop")

    class Meta:
        model = Measure
        fields = ["q", "domain", "age", "pathway", "municipality", "kind", "rop"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(description__icontains=value)
            | Q(provider__name__icontains=value)
        )

    def filter_domain(self, queryset, name, value: str):
        return queryset.for_domain(value)

    def filter_age(self, queryset, name, value):
        return queryset.for_age(int(value))

    def filter_pathway(self, queryset, name, value: int):
        return queryset.for_pathway(value)

    def filter_rop(self, queryset, name, value):
        return queryset.filter(rop=True) if value else queryset


class AgreementFilterSet(django_filters.FilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("Party"),
        queryset=Organisation.objects.filter(active=True),
        field_name="parties",
        widget=QuickSelect,
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Agreement.Kind.choices)
    due_for_review = django_filters.BooleanFilter(
        label=_("Review due within 60 days"), method="filter_due_for_review"
    )
    out_of_date = django_filters.BooleanFilter(label=_("Out of date"), method="filter_out_of_date")

    class Meta:
        model = Agreement
        fields = ["organisation", "kind", "due_for_review", "out_of_date"]

    def filter_due_for_review(self, queryset, name, value):
        due = Agreement.objects.due_for_review(datetime.date.today()).values("pk")
        return queryset.filter(pk__in=due) if value else queryset.exclude(pk__in=due)

    def filter_out_of_date(self, queryset, name, value):
        old = Agreement.objects.out_of_date(datetime.date.today()).values("pk")
        return queryset.filter(pk__in=old) if value else queryset.exclude(pk__in=old)
