"""Referral pages: list, detail with timeline, one page per transition, and
the new-referral form.

Rows come from `Referral.objects.for_user(user)`; single referrals through
`bops.access.get_for_user`, so an outsider gets 404 and a read-only member 403
on writes. State changes go through the model's transition methods only; a
conflict (someone decided first) or a move the status no longer allows shows
the referral as it is now, with a message and the error's status (409),
never an error page. The transitions and their wording are the table in
referrals/choices.py.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from bops import access
from bops.audit import AccessLog, log_access
from bops.errors import Conflict, DomainError, InvalidInput, add_to_form
from bops.pagination import CountLightPaginator
from municipalities.models import Assessment
from municipalities.models.organisations import organisations_worked_with
from municipalities.views import friendly_filter_choices
from referrals.choices import TRANSITIONS, Kind, Status, Urgency
from referrals.filtersets import ReferralFilterSet, receiver_param
from referrals.forms import ChooseForm, ReferralForm
from referrals.models import Referral
from referrals.notices import sending_unit_ids
from referrals.recommendation_history import RecommendationEvent
from referrals.recommendations import Recommendation
from referrals.routing import suggest_receiver
from referrals.transition_forms import transition_form

# --- list ------------------------------------------------------------------


class ReferralListView(LoginRequiredMixin, ListView):
    template_name = "referrals/referral_list.html"
    context_object_name = "referrals"
    paginate_by = 25
    # A busy unit has tens of thousands of referrals: count up to a cap only.
    paginator_class = CountLightPaginator

    def get_queryset(self):
        # A unit's own list (?receiver=<id>): the rule in the form PostgreSQL
        # estimates right (see for_user); the filter set checks the value.
        base = Referral.objects.for_user(
            self.request.user, receiver=receiver_param(self.request.GET)
        ).with_related()
        self.filterset = ReferralFilterSet(
            self.request.GET or None, queryset=base, request=self.request
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        friendly_filter_choices(self.filterset.form)
        # Filtering by person comes from the person's page (?service_user=<id>);
        # a drop-down of every visible person would be thousands of options.
        self.filterset.form.fields["service_user"].widget = forms.HiddenInput()
        one_at_a_time(self.filterset.form, ["status", "urgency", "kind"])
        # The form is already validated: these querysets only choose what
        # the drop-downs offer (the filter accepts any organisation's id).
        form = self.filterset.form
        for name in ("sender", "receiver"):
            chosen = getattr(form, "cleaned_data", {}).get(name)
            form.fields[name].queryset = organisations_worked_with(
                self.request.user, also=[chosen.pk] if chosen else []
            )
        context = super().get_context_data(
            filterset=self.filterset,
            filtered=self.filterset.is_bound
            and any(self.request.GET.get(f) for f in self.filterset.filters),
            can_add=can_send_referrals(self.request.user),
            **kwargs,
        )
        log_access(
            self.request,
            [r.service_user_id for r in context["referrals"]],
            AccessLog.Action.LIST,
        )
        return context


def one_at_a_time(form, names: list[str]) -> None:
    """Show multiple-choice filters as plain drop-downs ("All" or one value):
    calmer than a multi-select box, and the filter still takes several
    values from the query string (as the API does)."""
    for name in names:
        field = form.fields[name]
        choices = [choice for choice in field.choices if choice[0] != ""]
        field.widget = forms.Select(choices=[("", _("All")), *choices])


def can_send_referrals(user) -> bool:
    """Members who may act for some organisation may write referrals from it."""
    return bool(access.organisation_ids(user, action=access.CHANGE))


# --- detail ----------------------------------------------------------------


def _visible_referral(request, pk: int) -> Referral:
    try:
        return Referral.objects.for_user(request.user).with_related().get(pk=pk)
    except Referral.DoesNotExist as exc:
        raise Http404 from exc


def render_detail(request, referral: Referral, *, status: int = 200):
    """The referral as it is now: facts, decision, deadline, timeline and the
    buttons for what this user may do next."""
    events = list(referral.events.select_related("by").order_by("at", "pk"))
    actions = [TRANSITIONS[name] for name in referral.allowed_transitions(request.user)]
    # Items exist on returns and on referrals completed (or reopened since).
    carries_items = referral.kind == Kind.RETURN or referral.status in (
        Status.STARTED,
        Status.COMPLETED,
    )
    items = (
        list(
            referral.recommendation_items.select_related("answered_by", "measure").prefetch_related(
                Prefetch("history", RecommendationEvent.objects.select_related("by"))
            )
        )
        if carries_items
        else []
    )
    answerable = set(
        Recommendation.objects.for_user(request.user, access.CHANGE)
        .filter(referral=referral)
        .values_list("pk", flat=True)
        if items
        else []
    )
    log_access(request, referral.service_user_id, AccessLog.Action.VIEW)
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            # What went with it, as far as this user may see (the receiver: all of it).
            "sent_assessments": list(
                Assessment.objects.for_user(request.user)
                .filter(referrals=referral)
                .order_by("-assessed_on", "-pk")
            ),
            "assessment_domains": [
                (d, Assessment._meta.get_field(d).verbose_name) for d in Assessment.DOMAINS
            ],
            "events": events,
            "actions": actions,
            # A DPS, BUP or residence unit on this referral may send a notice about the person.
            "may_send_notice": bool(
                sending_unit_ids(request.user) & {referral.sender_id, referral.receiver_id}
            ),
            "working_days_left": referral.working_days_left(),
            "items": items,
            "answerable": answerable,
            "guidance_for": list(referral.guidance_for.all())
            if referral.kind == Kind.ADVICE
            else [],
            "info_request": next(
                (e for e in reversed(events) if e.to_status == Status.INFO_REQUESTED),
                None,
            )
            if referral.status == Status.INFO_REQUESTED
            else None,
        },
        status=status,
    )


class ReferralDetailView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        return render_detail(request, _visible_referral(request, pk))


# --- transitions -----------------------------------------------------------


class ReferralTransitionView(LoginRequiredMixin, View):
    """GET: the form for one transition. POST: make it through the model.

    A stale version or a status that no longer allows the move re-renders
    the detail page with what happened (409); bad input re-renders the form
    with the messages next to the fields; nothing is half-saved because each
    transition method runs in one transaction.
    """

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in TRANSITIONS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def _referral(self, request, pk: int) -> Referral:
        # 404 for outsiders, 403 for read-only members, with the page's own data.
        return access.get_for_user(
            Referral.objects.with_related(), request.user, access.CHANGE, pk=pk
        )

    def _page(self, request, action: str, referral: Referral, form, status=200):
        transition = TRANSITIONS[action]
        log_access(request, referral.service_user_id, AccessLog.Action.VIEW)
        return render(
            request,
            "referrals/referral_transition.html",
            {
                "referral": referral,
                "action": transition,
                "title": transition.title % transition.words(referral),
                "form": form,
                "working_days_left": referral.working_days_left(),
            },
            status=status,
        )

    def _not_now(self, request, action: str, referral: Referral):
        side = referral.sender_id if TRANSITIONS[action].by_sender else referral.receiver_id
        if side not in access.organisation_ids(request.user, action=access.CHANGE):
            raise PermissionDenied
        messages.warning(
            request,
            _("This referral is now %(status)s, so this cannot be done any more.")
            % {"status": referral.get_status_display()},
        )
        return render_detail(request, referral, status=409)

    def get(self, request, pk: int, action: str):
        referral = self._referral(request, pk)
        if action not in referral.allowed_transitions(request.user):
            return self._not_now(request, action, referral)
        form = transition_form(action, referral, user=request.user)
        return self._page(request, action, referral, form)

    def post(self, request, pk: int, action: str):
        referral = self._referral(request, pk)
        form = transition_form(action, referral, request.POST, user=request.user)
        if not form.is_valid():
            if "version" in form.errors:
                messages.error(request, _("The page was out of date. Here is the referral now."))
                return render_detail(request, referral, status=409)
            return self._page(request, action, referral, form)
        try:
            getattr(referral, action)(by=request.user, **form.method_kwargs())
        except (ValidationError, InvalidInput) as error:
            form.add_error_from(error)
            return self._page(request, action, referral, form)
        except DomainError as error:
            # The referral moved on under us: show it as it is now.
            messages.error(request, STALE if isinstance(error, Conflict) else error.message)
            referral.refresh_from_db()
            return render_detail(request, referral, status=error.status)
        transition = TRANSITIONS[action]
        messages.success(request, transition.done % transition.words(referral))
        return redirect("referrals:referral_detail", pk=referral.pk)


STALE = _(
    "Someone else changed this referral while you were working on it, so your "
    "change was not saved. Here is the referral now; check it before you go on."
)


# --- new referral ----------------------------------------------------------


class ReferralCreateView(LoginRequiredMixin, View):
    """Two short steps: who and what kind (GET), then the referral with the
    receiving unit pre-selected by routing (POST saves a draft, or saves and
    sends it in the same transaction)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_send_referrals(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        submitted = "next" in request.GET
        choose = ChooseForm(
            request.GET if submitted else None,
            user=request.user,
            initial={
                "service_user": request.GET.get("service_user"),
                "kind": request.GET.get("kind", Kind.ASSESSMENT),
            },
        )
        if not (submitted and choose.is_valid()):
            return render(request, "referrals/referral_choose.html", {"form": choose})
        person = choose.cleaned_data["service_user"]
        kind = choose.cleaned_data["kind"]
        suggested = suggest_receiver(person, kind)
        senders = ReferralForm.sender_choices(request.user)
        form = ReferralForm(
            user=request.user,
            initial={
                "service_user": person.pk,
                "kind": kind,
                "receiver": suggested.pk if suggested else None,
                "sender": senders[0].pk if senders else None,
                "urgency": Urgency.ORDINARY,
            },
        )
        return self._form_page(request, form, person, kind, suggested)

    def post(self, request):
        form = ReferralForm(request.POST, user=request.user)
        person = form.chosen("service_user")
        if person is None:
            raise Http404
        kind = form.value("kind")
        suggested = suggest_receiver(person, kind) if kind in Kind.values else None
        if not form.is_valid():
            return self._follow_existing(request, form) or self._form_page(
                request, form, person, kind, suggested
            )
        sending = "save_draft" not in request.POST
        try:
            with transaction.atomic():
                # The scope check runs inside the transaction.
                if not (
                    ReferralForm.sender_choices(request.user)
                    .filter(pk=form.cleaned_data["sender"].pk)
                    .exists()
                ):
                    raise PermissionDenied
                referral = form.save(commit=False)
                referral.sender_contact = request.user
                referral.save()
                referral.choose_assessments(form.cleaned_data["assessments"], by=request.user)
                if sending:
                    referral.send(by=request.user, **form.send_kwargs())
        except (ValidationError, InvalidInput) as error:
            form.instance.pk = None
            form.instance._state.adding = True
            add_to_form(form, error)
            return self._follow_existing(request, form) or self._form_page(
                request, form, person, kind, suggested
            )
        if sending:
            send = TRANSITIONS["send"]
            message = send.done % send.words(referral)
        else:
            message = _("Referral #%(number)s was saved as a draft. It is not sent yet.") % {
                "number": referral.pk
            }
        messages.success(request, message)
        return redirect("referrals:referral_detail", pk=referral.pk)

    def _follow_existing(self, request, form):
        """A second live referral for the same person, unit and kind: go to
        the one that exists ("follow this referral") when the user may see
        it, instead of a form that cannot be sent."""
        if not form.has_error(NON_FIELD_ERRORS, code="duplicate"):
            return None
        existing = form.instance.open_duplicate()
        if (
            existing is None
            or not Referral.objects.for_user(request.user).filter(pk=existing.pk).exists()
        ):
            return None
        messages.info(
            request,
            _(
                "This person already has an open referral of this kind to %(receiver)s: "
                "follow this referral (#%(number)s) instead of writing a new one."
            )
            % {"receiver": existing.receiver, "number": existing.pk},
        )
        return redirect("referrals:referral_detail", pk=existing.pk)

    def _form_page(self, request, form, person, kind, suggested):
        log_access(request, person, AccessLog.Action.VIEW)
        return render(
            request,
            "referrals/referral_form.html",
            {
                "form": form,
                "person": person,
                "kind_label": Kind(kind).label if kind in Kind.values else "",
                "suggested": suggested,
                "change_url": reverse("referrals:referral_create")
                + f"?service_user={person.pk}&kind={kind}",
            },
        )
