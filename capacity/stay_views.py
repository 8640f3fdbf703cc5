"""Admitting an applicant to a place and discharging a resident (pages). See
capacity/views.py for the rules every residence page follows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from bops import access
from bops.audit import AccessLog, log_access
from bops.formats import format_date
from capacity import open_requests, services
from capacity.forms import AdmitForm, DischargeForm
from capacity.models import Application, Stay
from capacity.views import require_staff, run_for_form, visible_application


class AdmitView(LoginRequiredMixin, View):
    """Admit an applicant: the first free place is pre-selected, or choose one."""

    template_name = "capacity/admit_form.html"

    def setup_application(self, request, pk):
        application = visible_application(request, pk, access.CHANGE)
        require_staff(request, application.residence)
        return (
            Application.objects.filter(pk=application.pk)
            .with_position()
            .with_days_waited()
            .select_related("service_user", "applying_municipality", "residence", "offered_place")
            .get()
        )

    def get(self, request, pk):
        application = self.setup_application(request, pk)
        today = timezone.localdate()
        place = application.offered_place or services.first_free_place(
            application.residence, today, application
        )
        form = AdmitForm(
            residence=application.residence,
            initial={"place": place.pk if place else None, "start": format_date(today)},
        )
        return self.render(request, application, form, no_free_place=place is None)

    def post(self, request, pk):
        application = self.setup_application(request, pk)
        form = AdmitForm(request.POST, residence=application.residence)
        if not form.is_valid():
            return self.render(request, application, form, status=400)
        data = form.cleaned_data
        stay, refused = run_for_form(
            form,
            services.admit,
            application,
            place=data["place"],
            start=data["start"],
            by=request.user,
            note=data["note"],
        )
        if refused:
            return self.render(request, application, form, status=refused)
        problems = open_requests.close_requests(
            request.user,
            application,
            request.POST.getlist("close_referral"),
            request.POST.getlist("close_application"),
            request.POST.get("close_reason", ""),
        )
        for problem in problems:
            messages.warning(request, problem)
        messages.success(
            request,
            _("%(name)s was admitted to place %(code)s from %(day)s.")
            % {
                "name": application.service_user.full_name,
                "code": stay.place.code,
                "day": format_date(stay.start),
            },
        )
        return HttpResponseRedirect(reverse("capacity:board", args=[application.residence_id]))

    def render(self, request, application, form, status=200, no_free_place=False):
        log_access(request, application.service_user, AccessLog.Action.VIEW)
        return render(
            request,
            self.template_name,
            {
                "application": application,
                "residence": application.residence,
                "form": form,
                "no_free_place": no_free_place,
                "other_requests": open_requests.other_open_requests(request.user, application),
            },
            status=status,
        )


class DischargeView(LoginRequiredMixin, View):
    template_name = "capacity/discharge_form.html"

    def get_stay(self, request, pk) -> Stay:
        stay = access.get_for_user(Stay, request.user, pk=pk)
        require_staff(request, stay.place.residence)
        return (
            Stay.objects.filter(pk=stay.pk)
            .select_related("service_user", "place__residence", "paying_municipality")
            .get()
        )

    def get(self, request, pk):
        stay = self.get_stay(request, pk)
        form = DischargeForm(stay=stay, initial={"end": format_date(timezone.localdate())})
        return self.render(request, stay, form)

    def post(self, request, pk):
        stay = self.get_stay(request, pk)
        form = DischargeForm(request.POST, stay=stay)
        if not form.is_valid():
            return self.render(request, stay, form, status=400)
        refused = run_for_form(
            form,
            services.discharge,
            stay,
            form.cleaned_data["end"],
            form.cleaned_data["reason"],
            by=request.user,
            note=form.cleaned_data["note"],
        )[1]
        if refused:
            return self.render(request, stay, form, status=refused)
        messages.success(
            request,
            _("%(name)s moves out of place %(code)s on %(day)s.")
            % {
                "name": stay.service_user.full_name,
                "code": stay.place.code,
                "day": format_date(stay.end),
            },
        )
        return HttpResponseRedirect(reverse("capacity:board", args=[stay.place.residence_id]))

    def render(self, request, stay, form, status=200):
        log_access(request, stay.service_user, AccessLog.Action.VIEW)
        return render(
            request,
            self.template_name,
            {"stay": stay, "residence": stay.place.residence, "form": form},
            status=status,
        )
