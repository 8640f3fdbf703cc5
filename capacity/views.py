"""Residence pages: the place board, the waiting list and the occupancy
timeline; an application with its decisions is in application_views.py, the
admit and discharge forms in stay_views.py, which share the helpers here.

Personal rows come from `for_user` querysets and single objects from
`bops.access.get_for_user` (outsiders get 404, read-only members 403 on
writes). Acting on the residence (offer, decline, admit, discharge) is for
its own staff; answering an offer is for the person's coordinator (the
transition table in capacity/choices.py). Refusals (`bops.errors`: the
residence is full, the place is taken, someone decided first) are shown next
to the form with the current state, never as an error page; the changes run
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
from bops.errors import DomainError, NotAllowed, add_to_form
from bops.formats import format_date
from capacity import exports, intake, pages
from capacity.charts import occupancy_chart
from capacity.filtersets import ApplicationFilterSet
from capacity.forms import MeetingDecisionForm, MinutesForm, PeriodForm
from capacity.models import Application
from capacity.occupancy import occupancy
from capacity.querysets import is_residence_staff


def run_for_form(form, operation, *args, **kwargs):
    """Call a capacity service for a valid form: (result, None), or (None,
    status) with the refusal put on the form: 409 when the residence says no
    (full, place taken, someone decided first), 400 for bad input, 403 for
    the wrong side."""
    try:
        return operation(*args, **kwargs), None
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        add_to_form(form, error)
        return None, error.status


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
            form = PeriodForm({"start": format_date(start), "end": format_date(today)})
        days = []
        if form.is_valid():
            days = occupancy(self.residence, form.cleaned_data["start"], form.cleaned_data["end"])
        status = 200 if form.is_valid() else 400
        context = self.get_context_data(form=form, days=days, chart=occupancy_chart(days))
        return self.render_to_response(context, status=status)


def require_staff(request, residence) -> None:
    if not pages.staff_may_act(request.user, residence):
        raise PermissionDenied


def visible_application(request, pk: int, action: str = access.VIEW) -> Application:
    return access.get_for_user(Application, request.user, action, pk=pk)


class WallView(LoginRequiredMixin, TemplateView):
    """The place board for a screen in the staff room: place, unit, initials
    and days in place, in large type, reloading itself every minute (a static
    script file, not inline, so the CSP stays as it is). No name, identity number
    or age; but initials with place and days can tell who it is in a small
    residence, so each view writes the access log for every resident shown."""

    template_name = "capacity/wall.html"
    REFRESH_SECONDS = 60

    def get_context_data(self, **kwargs):
        residence = pages.wall_residence(self.request.user, kwargs["pk"])
        rows = pages.wall(residence)
        log_access(
            self.request,
            [row.person_id for row in rows if row.person_id],
            AccessLog.Action.VIEW,
            grant=pages.wall_grant(self.request.user, residence),
        )
        occupied = sum(1 for row in rows if row.days is not None)
        return super().get_context_data(
            residence=residence,
            rows=rows,
            occupied=occupied,
            free=len(rows) - occupied,
            now=timezone.localtime(),
            refresh=self.REFRESH_SECONDS,
            **kwargs,
        )


class ExportView(LoginRequiredMixin, View):
    """A CSV download of the residence's personal rows, for its own staff
    (read-only members too); every person in it is written to the access log."""

    what = ""

    def get(self, request, pk):
        residence = pages.residence_for(request.user, pk)
        if not is_residence_staff(request.user, residence):
            raise PermissionDenied
        if self.what == "waiting-list":
            header, rows, people = exports.waiting_list_rows(residence)
        else:
            header, rows, people = exports.stay_rows(residence)
        log_access(request, people, AccessLog.Action.EXPORT)
        return exports.csv_response(exports.filename(residence, self.what), header, rows)


class IntakeMeetingView(ResidenceMixin, TemplateView):
    """The intake team's meeting: the admission referrals waiting for a
    decision, each decided in one go with the minutes, and the waiting list
    with its filters (priority, municipality, shielded unit)."""

    template_name = "capacity/intake_meeting.html"

    def forms(self, data=None):
        referrals = list(intake.awaiting_decision(self.residence))
        decisions = [
            MeetingDecisionForm(data, prefix=f"r{referral.pk}", referral=referral)
            for referral in referrals
        ]
        return decisions, MinutesForm(data)

    def get(self, request, *args, **kwargs):
        if not self.is_staff:
            raise PermissionDenied
        decisions, minutes = self.forms()
        return self.render_to_response(self.get_context_data(decisions=decisions, minutes=minutes))

    def post(self, request, *args, **kwargs):
        if not self.can_act:
            raise PermissionDenied
        decisions, minutes = self.forms(request.POST)
        valid = minutes.is_valid() & all([form.is_valid() for form in decisions])
        if not valid:
            return self.render_to_response(
                self.get_context_data(decisions=decisions, minutes=minutes), status=400
            )
        chosen = [
            {"referral": form.referral, **form.cleaned_data}
            for form in decisions
            if form.cleaned_data["decision"]
        ]
        try:
            intake.record_meeting(
                self.residence,
                by=request.user,
                minutes=minutes.cleaned_data["minutes"],
                decisions=chosen,
            )
        except (DomainError, ValidationError) as error:
            message = getattr(error, "message", None) or " ".join(
                getattr(error, "messages", [str(error)])
            )
            minutes.add_error(None, message)
            return self.render_to_response(
                self.get_context_data(decisions=decisions, minutes=minutes), status=409
            )
        messages.success(
            request,
            _("The meeting was recorded: %(on)s on the waiting list, %(off)s not.")
            % {
                "on": sum(1 for d in chosen if d["decision"] == intake.ACCEPT),
                "off": sum(1 for d in chosen if d["decision"] == intake.REJECT),
            },
        )
        return HttpResponseRedirect(reverse("capacity:intake_meeting", args=[self.residence.pk]))

    def get_context_data(self, **kwargs):
        rows = pages.waiting_list(self.request.user, self.residence)
        filters = ApplicationFilterSet(self.request.GET, queryset=rows)
        shown = list(filters.qs)
        people = [form.referral.service_user for form in kwargs.get("decisions", [])]
        log_access(self.request, [a.service_user for a in shown] + people, AccessLog.Action.LIST)
        return super().get_context_data(
            filters=filters, rows=pages.with_expected_waits(shown), **kwargs
        )
