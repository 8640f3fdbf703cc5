"""An application to the residence and its moves: offer, the coordinator's
answer to an offer, decline, withdraw (pages). Which move goes from where and
who makes it is the table in capacity/choices.py; the model checks it again
inside the transaction. See capacity/views.py for the rules every residence
page follows."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from bops import access
from bops.audit import AccessLog, log_access
from bops.errors import DomainError, NotAllowed, add_to_form
from bops.formats import format_date
from capacity import pages
from capacity.choices import TRANSITIONS, ApplicationAction
from capacity.forms import DecisionNoteForm, OfferForm
from capacity.models import Application
from capacity.transitions import may_act
from capacity.views import visible_application

A = ApplicationAction


class ApplicationDetailView(LoginRequiredMixin, View):
    """One application with the decisions the user may make on it."""

    template_name = "capacity/application_detail.html"

    def get(self, request, pk):
        application = visible_application(request, pk)
        return self.render(request, application)

    @classmethod
    def render(cls, request, application: Application, status: int = 200, **forms):
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
        user = request.user
        context = {
            "application": application,
            "residence": residence,
            "can_act": pages.staff_may_act(user, residence),
            "may_offer": application.may(user, A.OFFER),
            "may_accept": application.may(user, A.ACCEPT_OFFER),
            "may_decline_offer": application.may(user, A.DECLINE_OFFER),
            "may_decline": application.may(user, A.DECLINE),
            "may_admit": application.may(user, A.ADMIT),
            "may_withdraw": application.may(user, A.WITHDRAW),
            "events": application.events.select_related("by"),
            "offer_form": forms.get("offer_form")
            or OfferForm(
                prefix="offer",
                residence=residence,
                initial={
                    "valid_until": format_date(timezone.localdate() + datetime.timedelta(days=7)),
                },
            ),
            "decline_form": forms.get("decline_form") or DecisionNoteForm(prefix="decline"),
            "decline_offer_form": forms.get("decline_offer_form")
            or DecisionNoteForm(prefix="decline_offer"),
            "withdraw_form": forms.get("withdraw_form") or DecisionNoteForm(prefix="withdraw"),
            "conflict": forms.get("conflict"),
        }
        return render(request, cls.template_name, context, status=status)


class DecisionView(LoginRequiredMixin, View):
    """POST only: make the move `decision` (a name in the transition table),
    then back to the application."""

    decision: str = ""
    http_method_names = ["post"]

    def post(self, request, pk):
        application = visible_application(request, pk, access.CHANGE)
        transition = TRANSITIONS[self.decision]
        # Asked here so a wrong side gets 403 before its input is judged; the
        # model asks again under the lock.
        if not may_act(request.user, application, transition.side):
            raise PermissionDenied
        form = self.make_form(request, application)
        if form is not None and not form.is_valid():
            return ApplicationDetailView.render(
                request, application, 400, **{f"{self.decision}_form": form}
            )
        data = form.cleaned_data if form is not None else {}
        try:
            getattr(application, transition.name)(by=request.user, **data)
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            if form is None or (error.status == 409 and not error.field):
                return ApplicationDetailView.render(
                    request, application, error.status, conflict=error.message
                )
            add_to_form(form, error)
            return ApplicationDetailView.render(
                request, application, 400, **{f"{self.decision}_form": form}
            )
        messages.success(request, self.success_message(application))
        return HttpResponseRedirect(reverse("capacity:application", args=[application.pk]))

    def make_form(self, request, application):
        return None

    def success_message(self, application):
        return str(TRANSITIONS[self.decision].done)


class OfferView(DecisionView):
    decision = A.OFFER

    def make_form(self, request, application):
        return OfferForm(request.POST, prefix="offer", residence=application.residence)

    def success_message(self, application):
        return _("Place %(code)s was offered until %(day)s.") % {
            "code": application.offered_place.code,
            "day": format_date(application.offer_valid_until),
        }


class AcceptOfferView(DecisionView):
    """The coordinator accepts the offer on the person's behalf."""

    decision = A.ACCEPT_OFFER


class NoteDecisionView(DecisionView):
    def make_form(self, request, application):
        return DecisionNoteForm(request.POST, prefix=self.decision)


class DeclineOfferView(NoteDecisionView):
    """The coordinator declines the offer on the person's behalf, saying why."""

    decision = A.DECLINE_OFFER


class DeclineView(NoteDecisionView):
    decision = A.DECLINE


class WithdrawView(NoteDecisionView):
    """The applying municipality (or the residence) withdraws an open application."""

    decision = A.WITHDRAW
