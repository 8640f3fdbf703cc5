"""The catalogue pages: "Who can help?" (search), a measure, the agreements
register and an agreement. Staff read them all; an administrator changes
them in the admin. Nothing here names a person."""

from __future__ import annotations

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views.generic import DetailView, ListView

from bops import access
from catalogue.filtersets import AgreementFilterSet, MeasureFilterSet
from catalogue.models import Agreement, Measure
from catalogue.querysets import is_staff_member
from documents.models import Document
from municipalities.models import Organisation
from municipalities.views import friendly_filter_choices
from referrals.views import one_at_a_time


class StaffOnlyMixin(LoginRequiredMixin):
    """Signed-in users without any membership (and not administrators) see
    no catalogue: 404, as for anything outside one's scope."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_staff_member(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class MeasureListView(StaffOnlyMixin, ListView):
    template_name = "catalogue/measure_list.html"
    context_object_name = "measures"
    paginate_by = 25

    def get_queryset(self):
        base = (
            Measure.objects.for_user(self.request.user)
            .active()
            .with_live_places()
            .select_related("provider", "agreement", "receiver")
            .prefetch_related("municipalities")
        )
        self.filterset = MeasureFilterSet(self.request.GET or None, queryset=base)
        return self.filterset.qs.order_by("kind", "name")

    def get_context_data(self, **kwargs):
        friendly_filter_choices(self.filterset.form)
        one_at_a_time(self.filterset.form, ["kind"])
        return super().get_context_data(
            filterset=self.filterset,
            filtered=self.filterset.is_bound
            and any(self.request.GET.get(f) for f in self.filterset.filters),
            **kwargs,
        )


class MeasureDetailView(StaffOnlyMixin, DetailView):
    model = Measure
    template_name = "catalogue/measure_detail.html"
    context_object_name = "measure"

    def get_queryset(self):
        return (
            Measure.objects.for_user(self.request.user)
            .with_live_places()
            .select_related("provider", "agreement", "receiver")
            .prefetch_related("municipalities")
        )


class AgreementListView(StaffOnlyMixin, ListView):
    """The register: reviews due within 60 days and out-of-date agreements
    first, then every agreement with the filters."""

    template_name = "catalogue/agreement_list.html"
    context_object_name = "agreements"
    paginate_by = 50

    def get_queryset(self):
        base = (
            Agreement.objects.for_user(self.request.user)
            .select_related("responsible", "responsible_organisation")
            .prefetch_related("parties")
        )
        self.filterset = AgreementFilterSet(self.request.GET or None, queryset=base)
        # The party select offers the parties of the agreements this user
        # sees, not every organisation in the country (1 500 options at
        # national scale took most of the page's time to render).
        self.filterset.form.fields["organisation"].queryset = (
            Organisation.objects.filter(active=True, agreements__in=base.values("pk"))
            .distinct()
            .order_by("name")
        )
        return self.filterset.qs.order_by("title", "-valid_from")

    def get_context_data(self, **kwargs):
        friendly_filter_choices(self.filterset.form)
        today = datetime.date.today()
        visible = Agreement.objects.for_user(self.request.user).prefetch_related("parties")
        return super().get_context_data(
            filterset=self.filterset,
            filtered=self.filterset.is_bound
            and any(self.request.GET.get(f) for f in self.filterset.filters),
            due=list(visible.due_for_review(today).order_by("next_review")),
            out_of_date=list(visible.out_of_date(today).order_by("next_review")),
            today=today,
            **kwargs,
        )


class AgreementDetailView(StaffOnlyMixin, DetailView):
    model = Agreement
    template_name = "catalogue/agreement_detail.html"
    context_object_name = "agreement"

    def get_queryset(self):
        return (
            Agreement.objects.for_user(self.request.user)
            .select_related("responsible", "responsible_organisation")
            .prefetch_related("parties", "measures")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            documents=Document.objects.of(self.object).current().select_related("uploaded_by"),
            can_change=access.is_superuser(self.request.user),
            **kwargs,
        )
