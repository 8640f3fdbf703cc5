"""ReferralFilterSet: one set of filters for the HTML list and reports, and
its API variant, which takes the same parameters."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bops import access
from bops.filtering import StaticFormMixin
from municipalities.models import Organisation, ServiceUser
from referrals.choices import OPEN, Kind, RecommendationStatus, Status, Urgency
from referrals.models import Referral
from referrals.notices import Notice, NoticeKind
from referrals.recommendations import Recommendation


def _visible_service_users(request):
    if request is None:
        return ServiceUser.objects.none()
    return ServiceUser.objects.for_user(request.user)


class ReferralFilterSet(django_filters.FilterSet):
    # distinct=False on the choice filters: they test a column of the referral
    # itself, so no row can repeat, and DISTINCT would sort every match.
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Status.choices, distinct=False
    )
    urgency = django_filters.MultipleChoiceFilter(
        label=_("Urgency"), choices=Urgency.choices, distinct=False
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"), choices=Kind.choices, distinct=False
    )
    receiver = django_filters.ModelChoiceFilter(
        label=_("Receiving organisation"), queryset=Organisation.objects.all()
    )
    sender = django_filters.ModelChoiceFilter(
        label=_("Sending organisation"), queryset=Organisation.objects.all()
    )
    service_user = django_filters.ModelChoiceFilter(
        label=_("Service user"), queryset=_visible_service_users
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    open = django_filters.BooleanFilter(label=_("Open"), method="filter_open")

    class Meta:
        model = Referral
        fields = [
            "q",
            "status",
            "urgency",
            "kind",
            "receiver",
            "sender",
            "service_user",
            "overdue",
            "open",
        ]

    def search(self, queryset, name, value):
        """Referral number ("#12" or "12"), a word of the reason, or the
        person's name or identity number."""
        value = (value or "").strip()
        if not value:
            return queryset
        number = value.lstrip("#")
        rule = Q(reason__icontains=value) | Q(requested__icontains=value)
        if number.isdigit():
            rule |= Q(pk=int(number)) if len(number) < 11 else Q()
            rule |= Q(service_user__national_id__startswith=number)
        name = Q()
        for word in value.split():
            name &= Q(service_user__first_name__icontains=word) | Q(
                service_user__last_name__icontains=word
            )
        return queryset.filter(rule | name)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.model.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.open() if value else queryset.exclude(status__in=OPEN)


# The largest id PostgreSQL's bigint holds: a longer number in the address is
# a field error, not a database error.
MAX_ID = 2**63 - 1


def as_id(value) -> int | None:
    """A row id written in a query string, or None when it is not one.
    isascii(): "²" is a digit to isdigit() but not to int()."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID:
        return int(value)
    return None


def receiver_param(params) -> int | None:
    """The `receiver` of a list's query string as an id, or None when it is
    missing or not a valid id (the filter set then reports it)."""
    return as_id(params.get("receiver", ""))


class IdFilter(django_filters.NumberFilter):
    """A related row by its id, without looking the row up: the list is
    already limited to what the user may see, so an unknown or hidden id
    simply matches nothing. Not a number: 400 with the field's message."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class ReferralApiFilterSet(StaticFormMixin, ReferralFilterSet):
    """The API's filters: the same parameters as the page's, but receiver,
    sender and person are ids. A drop-down of choices is for a page; for
    the API, validating an id against every organisation or every visible
    person costs a query and builds a queryset on each request (measured a
    sixth of an inbox request at national scale). None of its fields depends
    on the request, so its form class is built once (bops/filtering.py)."""

    receiver = IdFilter(label=_("Receiving organisation (id)"), field_name="receiver")
    sender = IdFilter(label=_("Sending organisation (id)"), field_name="sender")
    service_user = IdFilter(label=_("Service user (id)"), field_name="service_user")
    updated_since = django_filters.IsoDateTimeFilter(
        label=_("Changed at or after (ISO 8601 date and time)"),
        field_name="updated_at",
        lookup_expr="gte",
    )


class RecommendationFilterSet(django_filters.FilterSet):
    """Recommendation items: the list page and the API."""

    referral = IdFilter(label=_("Referral (id)"), field_name="referral")
    service_user = IdFilter(label=_("Service user (id)"), field_name="referral__service_user")
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=RecommendationStatus.choices, distinct=False
    )
    mine = django_filters.BooleanFilter(label=_("Written by my unit"), method="filter_mine")
    unanswered_after_days = django_filters.NumberFilter(
        label=_("Not answered after (days)"),
        method="filter_unanswered",
        min_value=0,
        max_value=3650,
    )

    class Meta:
        model = Recommendation
        fields = ["referral", "service_user", "status", "mine", "unanswered_after_days"]

    def filter_mine(self, queryset, name, value):
        if not value or self.request is None:
            return queryset
        return queryset.written_by(access.organisation_ids(self.request.user))

    def filter_unanswered(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.unanswered_after(int(value))


class NoticeFilterSet(django_filters.FilterSet):
    """Notices: the list page and the API."""

    service_user = IdFilter(label=_("Service user (id)"), field_name="service_user")
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"), choices=NoticeKind.choices, distinct=False
    )
    acknowledged = django_filters.BooleanFilter(
        label=_("Acknowledged"), field_name="acknowledged_at", lookup_expr="isnull", exclude=True
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = Notice
        fields = ["service_user", "kind", "acknowledged", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.model.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)
