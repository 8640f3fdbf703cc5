"""Residence pages: the place board, the waiting list, an application with its
decisions, the admit and discharge forms, and the occupancy timeline.

Personal rows come from `for_user` querysets and single objects from
`bops.access.get_for_user` (outsiders get 404, read-only members 403 on
writes). Acting on the residence (offer, decline, admit, discharge) is for
its own staff. Refusals from `capacity.services` (`CapacityError`: the
residence is full, the place is taken, someone decided first) are shown next
to the form with the current state, never as an error page; the services run
in one transaction, so nothing is half-saved.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from bops import access
from bops.audit import AccessLog, log_access
from capacity import pages, services
from capacity.charts import occupancy_chart
from capacity.forms import AdmitForm, DecisionNoteForm, DischargeForm, OfferForm, PeriodForm
from capacity.models import Application, Stay
from capacity.occupancy import occupancy
from capacity.querysets import is_residence_staff


def _day(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the matching fields, the rest on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class ResidenceMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.residence = pages.residence_for(request.user, kwargs.get("pk"))
        self.is_staff = is_residence_staff(request.user, self.residence)
        self.can_act = pages.staff_may_act(request.user, self.residence)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            residence=self.residence, is_staff=self.is_staff, can_act=self.can_act, **kwargs
        )


class BoardView(ResidenceMixin, TemplateView):
    """Staff see each place and who lives there; others the totals and the
    residents they may see by name (a coordinator: their own municipality's)."""

    template_name = "capacity/board.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        user = self.request.user
        board = pages.place_board(self.residence, today) if self.is_staff else []
        residents = [] if self.is_staff else list(pages.my_residents(user, self.residence, today))
        occupied = (
            sum(1 for row in board if not row.is_free)
            if self.is_staff
            else pages.occupied_on(self.residence, today)
        )
        active = self.residence.places_count
        shown = [row.stay.service_user for row in board if row.stay] + [
            stay.service_user for stay in residents
        ]
        log_access(self.request, shown, AccessLog.Action.LIST)
        return super().get_context_data(
            today=today,
            board=board,
            residents=residents,
            occupied=occupied,
            active=active,
            free=max(0, active - occupied),
            utilisation=occupied / active if active else 0,
            waiting_count=Application.objects.filter(residence=self.residence).open().count(),
            **kwargs,
        )


class WaitingListView(ResidenceMixin, TemplateView):
    template_name = "capacity/waiting_list.html"

    def get_context_data(self, **kwargs):
        rows = list(pages.waiting_list(self.request.user, self.residence))
        log_access(self.request, [row.service_user for row in rows], AccessLog.Action.LIST)
        return super().get_context_data(
            rows=rows,
            total=Application.objects.filter(residence=self.residence).open().count(),
            **kwargs,
        )


class OccupancyView(ResidenceMixin, TemplateView):
    """Occupied and active places per day for a chosen period; aggregate data only."""

    template_name = "capacity/occupancy.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        if request.GET.get("start") or request.GET.get("end"):
            form = PeriodForm(request.GET)
        else:
            start = today - datetime.timedelta(days=pages.CHART_DAYS - 1)
            form = PeriodForm({"start": _day(start), "end": _day(today)})
        days = []
        if form.is_valid():
            days = occupancy(self.residence, form.cleaned_data["start"], form.cleaned_data["end"])
        status = 200 if form.is_valid() else 400
        context = self.get_context_data(form=form, days=days, chart=occupancy_chart(days))
        return self.render_to_response(context, status=status)


def _application(request, pk: int, action: str = access.VIEW) -> Application:
    return access.get_for_user(Application, request.user, action, pk=pk)


def _require_staff(request, residence) -> None:
    if not pages.staff_may_act(request.user, residence):
        raise PermissionDenied


class ApplicationDetailView(LoginRequiredMixin, View):
    """One application with the decisions the user may make on it."""

    template_name = "capacity/application_detail.html"

    def get(self, request, pk):
        application = _application(request, pk)
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
                    "valid_until": _day(timezone.localdate() + datetime.timedelta(days=7)),
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
        application = _application(request, pk, access.CHANGE)
        if self.staff_only:
            _require_staff(request, application.residence)
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
            "day": _day(application.offer_valid_until),
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


class AdmitView(LoginRequiredMixin, View):
    """Admit an applicant: the first free place is pre-selected, or choose one."""

    template_name = "capacity/admit_form.html"

    def setup_application(self, request, pk):
        application = _application(request, pk, access.CHANGE)
        _require_staff(request, application.residence)
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
        place = application.offered_place or services._first_free_place(
            application.residence, today, application
        )
        form = AdmitForm(
            residence=application.residence,
            initial={"place": place.pk if place else None, "start": _day(today)},
        )
        return self.render(request, application, form, no_free_place=place is None)

    def post(self, request, pk):
        application = self.setup_application(request, pk)
        form = AdmitForm(request.POST, residence=application.residence)
        if not form.is_valid():
            return self.render(request, application, form, status=400)
        data = form.cleaned_data
        try:
            stay = services.admit(
                application,
                place=data["place"],
                start=data["start"],
                by=request.user,
                note=data["note"],
            )
        except services.CapacityError as error:
            form.add_error(None, error.message)
            return self.render(request, application, form, status=409)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render(request, application, form, status=400)
        messages.success(
            request,
            _("%(name)s was admitted to place %(code)s from %(day)s.")
            % {
                "name": application.service_user.full_name,
                "code": stay.place.code,
                "day": _day(stay.start),
            },
        )
        return HttpResponseRedirect(reverse("capacity:board", args=[application.residence_id]))

    def render(self, request, application, form, status=200, no_free_place=False):
        from django.shortcuts import render

        log_access(request, application.service_user, AccessLog.Action.VIEW)
        return render(
            request,
            self.template_name,
            {
                "application": application,
                "residence": application.residence,
                "form": form,
                "no_free_place": no_free_place,
            },
            status=status,
        )


class DischargeView(LoginRequiredMixin, View):
    template_name = "capacity/discharge_form.html"

    def get_stay(self, request, pk) -> Stay:
        stay = access.get_for_user(Stay, request.user, pk=pk)
        _require_staff(request, stay.place.residence)
        return (
            Stay.objects.filter(pk=stay.pk)
            .select_related("service_user", "place__residence", "paying_municipality")
            .get()
        )

    def get(self, request, pk):
        stay = self.get_stay(request, pk)
        form = DischargeForm(stay=stay, initial={"end": _day(timezone.localdate())})
        return self.render(request, stay, form)

    def post(self, request, pk):
        stay = self.get_stay(request, pk)
        form = DischargeForm(request.POST, stay=stay)
        if not form.is_valid():
            return self.render(request, stay, form, status=400)
        try:
            services.discharge(
                stay, form.cleaned_data["end"], form.cleaned_data["reason"], by=request.user
            )
        except services.CapacityError as error:
            form.add_error(None, error.message)
            return self.render(request, stay, form, status=409)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render(request, stay, form, status=400)
        messages.success(
            request,
            _("%(name)s moves out of place %(code)s on %(day)s.")
            % {"name": stay.service_user.full_name, "code": stay.place.code, "day": _day(stay.end)},
        )
        return HttpResponseRedirect(reverse("capacity:board", args=[stay.place.residence_id]))

    def render(self, request, stay, form, status=200):
        from django.shortcuts import render

        log_access(request, stay.service_user, AccessLog.Action.VIEW)
        return render(
            request,
            self.template_name,
            {"stay": stay, "residence": stay.place.residence, "form": form},
            status=status,
        )
