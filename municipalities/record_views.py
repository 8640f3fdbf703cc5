"""Add, withdraw and end what is recorded about a person, from the person's page.

Same access as editing the person: an outsider gets 404, a read-only member
403 (access.get_for_user with CHANGE). Each row keeps its own history: a
consent is withdrawn and a purchase ended with a date, never deleted.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from bops import access
from bops.audit import AccessLog, log_access
from municipalities.forms import ServiceUserForm
from municipalities.models import Consent, PrivatePurchase, ServiceUser
from municipalities.record_forms import AssessmentForm, ConsentForm, EndForm, PrivatePurchaseForm


class PersonRecordMixin(LoginRequiredMixin):
    template_name = "municipalities/record_form.html"
    title = ""

    def person(self) -> ServiceUser:
        return access.get_for_user(
            ServiceUser, self.request.user, access.CHANGE, pk=self.kwargs["pk"]
        )

    def back(self, person) -> str:
        return reverse("municipalities:serviceuser_detail", args=[person.pk])

    def show(self, person, form, status=200):
        if self.request.method == "GET":
            log_access(self.request, person, AccessLog.Action.VIEW)  # the page names the person
        context = {
            "service_user": person,
            "form": form,
            "title": self.title,
            "back": self.back(person),
        }
        return render(self.request, self.template_name, context, status=status)


class RecordCreateView(PersonRecordMixin, View):
    form_class = None
    done = ""

    def form_kwargs(self, person) -> dict:
        return {}

    def get(self, request, pk):
        person = self.person()
        return self.show(person, self.form_class(**self.form_kwargs(person)))

    def post(self, request, pk):
        with transaction.atomic():
            person = self.person()
            form = self.form_class(request.POST, **self.form_kwargs(person))
            if not form.is_valid():
                return self.show(person, form, status=400)
            record = form.save(commit=False)
            record.service_user = person
            self.before_save(record)
            record.save()
        messages.success(request, str(self.done))
        return redirect(self.back(person))

    def before_save(self, record) -> None:
        pass


class AssessmentCreateView(RecordCreateView):
    form_class = AssessmentForm
    title = _("New assessment")
    done = _("The assessment was saved.")

    def before_save(self, record) -> None:
        record.assessor = self.request.user


class ConsentCreateView(RecordCreateView):
    form_class = ConsentForm
    title = _("New consent")
    done = _("The consent was registered.")


class PrivatePurchaseCreateView(RecordCreateView):
    form_class = PrivatePurchaseForm
    title = _("New private purchase")
    done = _("The private purchase was registered.")

    def form_kwargs(self, person) -> dict:
        return {"municipalities": ServiceUserForm.municipality_choices(self.request.user)}


class EndView(PersonRecordMixin, View):
    """Withdraw a consent or end a purchase on a given day. The id is the
    record's; the person's CHANGE scope decides (404 outsider, 403 reader)."""

    model = None
    start_field = ""
    end_field = ""
    done = ""

    def record_and_person(self):
        row = access.get_for_user(self.model, self.request.user, pk=self.kwargs["pk"])
        person = access.get_for_user(
            ServiceUser, self.request.user, access.CHANGE, pk=row.service_user_id
        )
        if getattr(row, self.end_field) is not None:
            raise Http404  # already withdrawn or ended: nothing to do here
        return row, person

    def get(self, request, pk):
        row, person = self.record_and_person()
        return self.show(person, EndForm(starts=getattr(row, self.start_field)))

    def post(self, request, pk):
        with transaction.atomic():
            row, person = self.record_and_person()
            form = EndForm(request.POST, starts=getattr(row, self.start_field))
            if not form.is_valid():
                return self.show(person, form, status=400)
            setattr(row, self.end_field, form.cleaned_data["day"])
            row.save(update_fields=[self.end_field, "updated_at"])
        messages.success(request, str(self.done))
        return redirect(self.back(person))


class ConsentWithdrawView(EndView):
    model = Consent
    start_field, end_field = "given_on", "withdrawn_on"
    title = _("Withdraw the consent")
    done = _("The consent was withdrawn.")


class PrivatePurchaseEndView(EndView):
    model = PrivatePurchase
    start_field, end_field = "start_date", "end_date"
    title = _("End the private purchase")
    done = _("The private purchase was ended.")
