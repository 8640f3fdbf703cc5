"""Service-user pages: list, detail, create and edit.

Every row comes from `ServiceUser.objects.for_user(user)`; single objects go
through `bops.access.get_for_user`, so an outsider gets 404 and a read-only
member gets 403 on writes.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from bops import access
from bops.pagination import CountLightPaginator
from municipalities.charts import assessment_charts
from municipalities.filtersets import ServiceUserFilterSet
from municipalities.forms import ServiceUserForm
from municipalities.models import (
    Assessment,
    Consent,
    IndividualPlan,
    PrivatePurchase,
    ServiceUser,
)


class ServiceUserListView(LoginRequiredMixin, ListView):
    template_name = "municipalities/serviceuser_list.html"
    context_object_name = "service_users"
    paginate_by = 25
    paginator_class = CountLightPaginator

    def get_queryset(self):
        base = ServiceUser.objects.for_user(self.request.user).select_related(
            "home_municipality", "coordinator"
        )
        self.filterset = ServiceUserFilterSet(
            self.request.GET or None, queryset=base, request=self.request
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        friendly_filter_choices(self.filterset.form)
        return super().get_context_data(
            filterset=self.filterset,
            filtered=self.filterset.is_bound
            and any(self.request.GET.get(f) for f in self.filterset.filters),
            can_add=can_add_service_user(self.request.user),
            **kwargs,
        )


def friendly_filter_choices(form) -> None:
    """Say "All" where a filter is not set (instead of "---------" or "Unknown")."""
    for field in form.fields.values():
        if isinstance(field, forms.NullBooleanField):
            field.widget.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]
        elif hasattr(field, "empty_label"):
            field.empty_label = _("All")
            if not isinstance(field, forms.ModelChoiceField):
                # django-filter's ChoiceField fixed its choices (with the old
                # empty label) when built; setting them again uses the new one.
                field.choices = [choice for choice in field.choices if choice[0] != ""]


class ServiceUserDetailView(LoginRequiredMixin, DetailView):
    template_name = "municipalities/serviceuser_detail.html"
    context_object_name = "service_user"

    def get_object(self, queryset=None):
        return access.get_for_user(ServiceUser, self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        person = self.object
        user = self.request.user
        # Least privilege: outside the home municipality, only the consents
        # naming the user's unit and the assessments a referral sent them.
        consents = (
            Consent.objects.for_user(user)
            .filter(service_user=person)
            .select_related("organisation")
        )
        assessments = list(
            Assessment.objects.for_user(user)
            .filter(service_user=person)
            .order_by("assessed_on", "pk")
        )
        purchases = (
            PrivatePurchase.objects.for_user(user)
            .filter(service_user=person)
            .select_related("municipality")
        )
        plan = (
            IndividualPlan.objects.for_user(self.request.user)
            .filter(service_user=person)
            .select_related("coordinator")
            .prefetch_related("participants__organisation", "participants__user")
            .order_by("-created_at", "-pk")
            .first()
        )
        whole_record = may_see_privacy_records(user, person)
        return super().get_context_data(
            plan=plan,
            consents=consents,
            assessments=assessments,
            chart=assessment_charts(assessments),
            purchases=purchases,
            can_change=ServiceUser.objects.for_user(self.request.user, access.CHANGE)
            .filter(pk=person.pk)
            .exists(),
            may_see_privacy=whole_record,
            # Intake and residence staff see what a referral sent them, and
            # the page says so rather than "no assessments yet".
            whole_record=whole_record,
            **kwargs,
        )


def may_see_privacy_records(user, person) -> bool:
    """The person's access log and data export are for their municipality's
    coordinators and administrators (the rule of privacy.views.person_for_privacy)."""
    return access.is_superuser(user) or person.home_municipality_id in set(
        access.coordinator_municipality_ids(user)
    )


def can_add_service_user(user) -> bool:
    return access.is_superuser(user) or bool(
        access.coordinator_municipality_ids(user, access.CHANGE)
    )


class ServiceUserFormMixin(LoginRequiredMixin):
    model = ServiceUser
    form_class = ServiceUserForm
    template_name = "municipalities/serviceuser_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return reverse("municipalities:serviceuser_detail", args=[self.object.pk])

    def form_valid(self, form):
        with transaction.atomic():
            # The scope check runs inside the transaction: the municipality
            # chosen must still be one the user may change.
            if (
                not ServiceUserForm.municipality_scope(self.request.user)
                .filter(pk=form.cleaned_data["home_municipality"].pk)
                .exists()
            ):
                raise PermissionDenied
            # Who recorded a date of death or a move: the closing events name them.
            form.instance.changed_by = self.request.user
            response = super().form_valid(form)
        messages.success(self.request, str(self.success_message) % {"name": self.object.full_name})
        return response


class ServiceUserCreateView(ServiceUserFormMixin, CreateView):
    success_message = _("%(name)s was registered.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_add_service_user(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = super().get_initial()
        choices = ServiceUserForm.municipality_choices(self.request.user)
        if len(choices) == 1:
            initial["home_municipality"] = choices[0]
        initial["coordinator"] = self.request.user.pk
        return initial


class ServiceUserUpdateView(ServiceUserFormMixin, UpdateView):
    success_message = _("The changes to %(name)s were saved.")

    def get_object(self, queryset=None):
        return access.get_for_user(
            ServiceUser, self.request.user, access.CHANGE, pk=self.kwargs["pk"]
        )
