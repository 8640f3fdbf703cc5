"""An application to the residence and its decisions: offer, accept, decline,
withdraw (pages). See capacity/views.py for the rules every residence page
follows."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from bops import access
from bops.audit import AccessLog, log_access
from capacity import pages, services
from capacity.forms import DecisionNoteForm, OfferForm
from capacity.models import Application
from capacity.views import add_service_errors, day_text, require_staff, visible_application


class ApplicationDetailView(LoginRequiredMixin, View):
    """One application with the decisions the user may make on it."""

    template_name = "capacity/application_detail.html"

    def get(self, request, pk):
        application = visible_application(request, pk)
        return self.render(request, application)

    @classmethod
    def render(cls, request, application: Application, status: int = 200, **forms):
        from django.shortcuts import render

        application = (
            Application.objects.filter(pk=application.pk)
            .with_position()
            .with_days_waited()
            .select_related(
                "service_user",
                "applying_municipality",
                "residence",
                "offered_place",
                "referral",
                "decided_by",
                "stay__place",
            )
            .get()
        )
        log_access(request, application.service_user, AccessLog.Action.VIEW)
        residence = application.residence
        S = Application.Status
        staff = pages.staff_may_act(request.user, residence)
        may_withdraw = (
            application.is_open
            and Application.objects.for_user(request.user, access.CHANGE)
            .filter(pk=application.pk)
            .exists()
        )
        context = {
            "application": application,
            "residence": residence,
            "can_act": staff,
            "may_offer": staff and application.status == S.WAITING,
            "may_accept": staff and application.status == S.OFFERED,
            "may_decline": staff and application.is_open,
            "may_admit": staff and application.is_open,
            "may_withdraw": may_withdraw,
            "offer_form": forms.get("offer_form")
            or OfferForm(
                prefix="offer",
                residence=residence,
                initial={
                    "valid_until": day_text(timezone.localdate() + datetime.timedelta(days=7)),
                },
            ),
            "decline_form": forms.get("decline_form") or DecisionNoteForm(prefix="decline"),
            "withdraw_form": forms.get("withdraw_form") or DecisionNoteForm(prefix="withdraw"),
            "conflict": forms.get("conflict"),
        }
        return render(request, cls.template_name, context, status=status)


class DecisionView(LoginRequiredMixin, View):
    """POST only: offer, accept, decline or withdraw, then back to the application."""

    decision: str = ""
    staff_only = True
    http_method_names = ["post"]

    def post(self, request, pk):
        application = visible_application(request, pk, access.CHANGE)
        if self.staff_only:
            require_staff(request, application.residence)
        form = self.make_form(request, application)
        if form is not None and not form.is_valid():
            return ApplicationDetailView.render(
                request, application, 400, **{f"{self.decision}_form": form}
            )
        data = form.cleaned_data if form is not None else {}
        try:
            self.decide(request, application, data)
        except services.CapacityError as error:
            return ApplicationDetailView.render(request, application, 409, conflict=error.message)
        except ValidationError as error:
            if form is None:
                return ApplicationDetailView.render(
                    request, application, 409, conflict=" ".join(error.messages)
                )
            add_service_errors(form, error)
            return ApplicationDetailView.render(
                request, application, 400, **{f"{self.decision}_form": form}
            )
        messages.success(request, self.success_message(application))
        return HttpResponseRedirect(reverse("capacity:application", args=[application.pk]))

    def make_form(self, request, application):
        return None


class OfferView(DecisionView):
    decision = "offer"

    def make_form(self, request, application):
        return OfferForm(request.POST, prefix="offer", residence=application.residence)

    def decide(self, request, application, data):
        services.offer(
            application,
            data["place"],
            data["valid_until"],
            by=request.user,
            note=data.get("note", ""),
        )

    def success_message(self, application):
        return _("Place %(code)s was offered until %(day)s.") % {
            "code": application.offered_place.code,
            "day": day_text(application.offer_valid_until),
        }


class AcceptView(DecisionView):
    decision = "accept"

    def decide(self, request, application, data):
        services.accept(application, by=request.user)

    def success_message(self, application):
        return _("The offer was recorded as accepted.")


class DeclineView(DecisionView):
    decision = "decline"

    def make_form(self, request, application):
        return DecisionNoteForm(request.POST, prefix="decline")

    def decide(self, request, application, data):
        services.decline(application, by=request.user, note=data["note"])

    def success_message(self, application):
        return _("The application was declined.")


class WithdrawView(DecisionView):
    """The applying municipality (or the residence) withdraws an open application."""

    decision = "withdraw"
    staff_only = False

    def make_form(self, request, application):
        return DecisionNoteForm(request.POST, prefix="withdraw")

    def decide(self, request, application, data):
        services.withdraw(application, by=request.user, note=data["note"])

    def success_message(self, application):
        return _("The application was withdrawn.")
