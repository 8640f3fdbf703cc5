"""Plan pages: the plan, its parts' forms, the PDF and the meeting invitation.

Every object comes through `for_user` (bops.access.get_for_user): an outsider
or an expired participant gets 404, a read-only member 403 on writes. Every
page that shows the plan writes the access log with the plan's route.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView

from bops import access
from bops.audit import AccessLog, log_access
from bops.errors import DomainError, add_to_form
from bops.pdf import pdf_response
from municipalities.hooks import plan_measure_saved
from municipalities.models import (
    ActionItem,
    Consent,
    CrisisPlan,
    Goal,
    IndividualPlan,
    Measure,
    Meeting,
    Participant,
    ServiceUser,
)
from municipalities.plans import forms, ics, services


def plan_context(plan: IndividualPlan) -> dict:
    """Everything the plan page and the PDF show, in a fixed number of queries."""
    goals = list(plan.goals.prefetch_related("notes__author"))
    measures = list(plan.measures.select_related("responsible_organisation", "goal"))
    participants = list(plan.participants.select_related("organisation", "user"))
    meetings = list(
        plan.meetings.prefetch_related(
            Prefetch("decisions", queryset=ActionItem.objects.select_related("owner")),
            "invited",
            "attended",
        )
    )
    crisis_plan = CrisisPlan.objects.filter(plan=plan).first()
    today = timezone.localdate()
    consented = {
        consent.organisation_id
        for consent in Consent.objects.filter(service_user_id=plan.service_user_id)
        if consent.is_active(today)
    }
    for participant in participants:
        # No consent, no access: the page says so where it matters.
        participant.without_consent = bool(
            participant.organisation_id and participant.organisation_id not in consented
        )
    return {
        "plan": plan,
        "person": plan.service_user,
        "goals": goals,
        "measures": measures,
        "participants": participants,
        "meetings": meetings,
        "crisis_plan": crisis_plan,
        "evaluations": list(plan.evaluations.select_related("by")),
        "history": list(plan.history.select_related("by").order_by("-at", "-pk")[:20]),
    }


def _plan(request, pk, action=access.VIEW) -> IndividualPlan:
    return access.get_for_user(
        IndividualPlan,
        request.user,
        action,
        pk=pk,
    )


class PlanDetailView(LoginRequiredMixin, DetailView):
    model = IndividualPlan
    template_name = "plans/plan_detail.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        plan = _plan(self.request, self.kwargs["pk"])
        return IndividualPlan.objects.select_related(
            "service_user__home_municipality", "coordinator"
        ).get(pk=plan.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan_context(self.object))
        context["can_change"] = (
            IndividualPlan.objects.for_user(self.request.user, access.CHANGE)
            .filter(pk=self.object.pk)
            .exists()
        )
        context["status_form"] = forms.StatusForm(
            initial={"status": (self.object.next_statuses() or [self.object.status])[0]}
        )
        context["status_form"].fields["status"].choices = [
            (s.value, s.label) for s in self.object.next_statuses()
        ]
        log_access(self.request, self.object.service_user_id, AccessLog.Action.VIEW)
        return context


class PlanPdfView(LoginRequiredMixin, View):
    def get(self, request, pk):
        plan = _plan(request, pk)
        log_access(request, plan.service_user_id, AccessLog.Action.PDF)
        return pdf_response(
            request, "plans/plan_pdf.html", plan_context(plan), f"individuell-plan-{plan.pk}.pdf"
        )


class MeetingInvitationView(LoginRequiredMixin, View):
    def get(self, request, pk):
        meeting = access.get_for_user(Meeting, request.user, pk=pk)
        log_access(request, meeting.plan.service_user_id, AccessLog.Action.EXPORT)
        response = HttpResponse(ics.invitation(meeting), content_type="text/calendar")
        response["Content-Disposition"] = f'attachment; filename="mote-{meeting.pk}.ics"'
        response["Cache-Control"] = "no-store"
        return response


class PlanCreateView(LoginRequiredMixin, FormView):
    """A new plan for a person (status requested); the creator coordinates."""

    template_name = "plans/form.html"
    form_class = forms.PlanForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = access.get_for_user(
                ServiceUser, request.user, access.CHANGE, pk=kwargs["service_user_id"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"coordinator": self.request.user.pk}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("New individual plan for %(name)s") % {"name": self.person},
            cancel=reverse("municipalities:serviceuser_detail", args=[self.person.pk]),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            plan = services.create_plan(
                service_user=self.person, by=self.request.user, **form.cleaned_data
            )
        except (DomainError, ValidationError) as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        return redirect("plans:plan_detail", pk=plan.pk)


class PlanPartMixin(LoginRequiredMixin):
    """A form on a plan the user may change. `model` names what is edited;
    `plan_kwarg` says whether the URL id is the plan's (new part) or the
    part's own (edit)."""

    template_name = "plans/form.html"
    model = IndividualPlan
    title = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
            self.plan = self.object if isinstance(self.object, IndividualPlan) else self.object.plan
            access.get_for_user(IndividualPlan, request.user, access.CHANGE, pk=self.plan.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        return access.get_for_user(self.model, self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title, plan=self.plan, cancel=self.success_url(), **kwargs
        )

    def success_url(self):
        return reverse("plans:plan_detail", args=[self.plan.pk])

    def form_valid(self, form):
        try:
            self.save(form)
        except (DomainError, ValidationError) as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.success_url())


class PlanUpdateView(PlanPartMixin, FormView):
    form_class = forms.PlanForm
    title = _("Edit the plan")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        return {**kwargs, "user": self.request.user, "instance": self.object}

    def save(self, form):
        services.update_plan(self.plan, by=self.request.user, fields=form.cleaned_data)


class PlanStatusView(PlanPartMixin, FormView):
    form_class = forms.StatusForm
    title = _("Change the plan's status")

    def save(self, form):
        services.change_status(self.plan, by=self.request.user, **form.cleaned_data)


class _NewPart(PlanPartMixin, FormView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def save(self, form):
        instance = form.instance
        # The version is the form's copy of what was read, never saved as typed.
        version = form.cleaned_data.pop("version", None)
        fields = {f.name for f in instance._meta.concrete_fields} - {"version"}
        for name, value in form.cleaned_data.items():
            if name in fields:
                setattr(instance, name, value)
        if isinstance(instance, Goal | Measure | Participant):
            with transaction.atomic():
                services.save_part(instance, by=self.request.user, version=version)
                if hasattr(form, "save_m2m"):
                    form.save_m2m()
                if isinstance(instance, Measure):
                    plan_measure_saved.call_all(instance, form.cleaned_data)
        else:
            with transaction.atomic():
                access.get_for_user(
                    IndividualPlan, self.request.user, access.CHANGE, pk=self.plan.pk
                )
                form.save()
                services.touch_plan(self.plan.pk)


class GoalCreateView(_NewPart):
    form_class = forms.GoalForm
    title = _("New goal")


class GoalUpdateView(_NewPart):
    model = Goal
    form_class = forms.GoalForm
    title = _("Edit goal")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}


class MeasureCreateView(_NewPart):
    form_class = forms.MeasureForm
    title = _("New measure")


class MeasureUpdateView(GoalUpdateView):
    model = Measure
    form_class = forms.MeasureForm
    title = _("Edit measure")


class ParticipantCreateView(_NewPart):
    form_class = forms.ParticipantForm
    title = _("Add someone to the responsibility group")


class ParticipantUpdateView(GoalUpdateView):
    model = Participant
    form_class = forms.ParticipantForm
    title = _("Edit participant")


class MeetingCreateView(_NewPart):
    form_class = forms.MeetingForm
    title = _("New meeting")


class MeetingUpdateView(GoalUpdateView):
    model = Meeting
    form_class = forms.MeetingForm
    title = _("Meeting: minutes and attendance")


class EvaluationCreateView(_NewPart):
    form_class = forms.EvaluationForm
    title = _("New evaluation")

    def save(self, form):
        with transaction.atomic():
            form.instance.by = self.request.user
            super().save(form)
            services.update_plan(
                self.plan,
                by=self.request.user,
                fields={"next_evaluation": form.cleaned_data["next_evaluation"]},
            )


class DecisionCreateView(PlanPartMixin, FormView):
    model = Meeting
    form_class = forms.ActionItemForm
    title = _("New decision")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.object}

    def save(self, form):
        with transaction.atomic():
            access.get_for_user(IndividualPlan, self.request.user, access.CHANGE, pk=self.plan.pk)
            form.save()


class CrisisPlanView(PlanPartMixin, FormView):
    form_class = forms.CrisisPlanForm
    title = _("Crisis plan")

    def get_form_kwargs(self):
        crisis_plan = CrisisPlan.objects.filter(plan=self.plan).first() or CrisisPlan(
            plan=self.plan
        )
        return {**super().get_form_kwargs(), "instance": crisis_plan}

    def save(self, form):
        services.save_crisis_plan(form.instance, by=self.request.user)


class ProgressNoteCreateView(PlanPartMixin, FormView):
    model = Goal
    form_class = forms.ProgressNoteForm
    title = _("New progress note")

    def save(self, form):
        with transaction.atomic():
            access.get_for_user(IndividualPlan, self.request.user, access.CHANGE, pk=self.plan.pk)
            form.instance.goal = self.object
            form.instance.author = self.request.user
            form.save()
