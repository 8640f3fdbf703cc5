"""Pages for following up a return: recommendation items and their answers,
and notices about admission and discharge (referrals/recommendations.py,
referrals/notices.py hold the rules).

Rows come from each model's `for_user()`; single objects through
`bops.access.get_for_user`, so an outsider gets 404 and a read-only member
403 on writes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from bops import access
from bops.audit import AccessLog, log_access
from bops.errors import DomainError, add_to_form
from bops.pagination import CountLightPaginator
from referrals.choices import UNANSWERED_AFTER_DAYS
from referrals.filtersets import NoticeFilterSet, RecommendationFilterSet
from referrals.follow_up_forms import (
    PERSON_MATCHES,
    NoticeAcknowledgeForm,
    NoticeForm,
    NoticePersonForm,
    RecommendationAnswerForm,
)
from referrals.notices import Notice, sending_unit_ids, with_agreements
from referrals.recommendations import Recommendation

# --- recommendations ----------------------------------------------------------


class RecommendationListView(LoginRequiredMixin, ListView):
    """Recommendation items the user may see; `?mine=true&unanswered_after_days=14`
    is the writing unit's "not yet answered after 14 days"."""

    template_name = "referrals/recommendation_list.html"
    context_object_name = "recommendations"
    paginate_by = 25
    paginator_class = CountLightPaginator

    def get_queryset(self):
        base = (
            Recommendation.objects.for_user(self.request.user)
            .with_related()
            .order_by("created_at", "referral", "position")
        )
        self.filterset = RecommendationFilterSet(
            self.request.GET or None, queryset=base, request=self.request
        )
        valid = not self.filterset.is_bound or self.filterset.form.is_valid()
        return self.filterset.qs if valid else base.none()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            filterset=self.filterset, days=UNANSWERED_AFTER_DAYS, **kwargs
        )
        log_access(
            self.request,
            [item.referral.service_user_id for item in context["recommendations"]],
            AccessLog.Action.LIST,
        )
        return context


class RecommendationAnswerView(LoginRequiredMixin, View):
    """GET: the item and the answer form. POST: answer it through the model."""

    def _item(self, request, pk: int) -> Recommendation:
        return access.get_for_user(
            Recommendation.objects.with_related(), request.user, access.CHANGE, pk=pk
        )

    def _page(self, request, item, form, status=200):
        log_access(request, item.referral.service_user_id, AccessLog.Action.VIEW)
        return render(
            request,
            "referrals/recommendation_answer.html",
            {
                "item": item,
                "referral": item.referral,
                "form": form,
                "history": item.history.select_related("by"),
            },
            status=status,
        )

    def get(self, request, pk: int):
        item = self._item(request, pk)
        initial = {"status": item.status, "response": item.response} if item.is_answered else {}
        return self._page(request, item, RecommendationAnswerForm(initial=initial))

    def post(self, request, pk: int):
        item = self._item(request, pk)
        form = RecommendationAnswerForm(request.POST)
        if not form.is_valid():
            return self._page(request, item, form)
        try:
            item.answer(by=request.user, **form.cleaned_data)
        except (ValidationError, DomainError) as error:
            add_to_form(form, error)
            return self._page(request, item, form)
        if item.guidance_referral_id and form.cleaned_data["ask_for_guidance"]:
            messages.success(
                request,
                _("The answer is saved, and referral #%(number)s asks %(unit)s for guidance.")
                % {"number": item.guidance_referral_id, "unit": item.writer},
            )
        elif item.measure_id and form.cleaned_data["add_to_plan"]:
            messages.success(
                request, _("The answer is saved, and the recommendation is a measure in the plan.")
            )
        else:
            messages.success(request, _("The answer is saved."))
        return redirect("referrals:referral_detail", pk=item.referral_id)


# --- notices ------------------------------------------------------------------


class NoticeListView(LoginRequiredMixin, ListView):
    template_name = "referrals/notice_list.html"
    context_object_name = "notices"
    paginate_by = 25
    paginator_class = CountLightPaginator

    def get_queryset(self):
        base = Notice.objects.for_user(self.request.user).with_related()
        self.filterset = NoticeFilterSet(self.request.GET or None, queryset=base)
        valid = not self.filterset.is_bound or self.filterset.form.is_valid()
        return self.filterset.qs if valid else base.none()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            filterset=self.filterset,
            can_send=bool(sending_unit_ids(self.request.user)),
            **kwargs,
        )
        context["notices"] = with_agreements(self.request.user, context["notices"])
        log_access(
            self.request,
            [notice.service_user_id for notice in context["notices"]],
            AccessLog.Action.LIST,
        )
        return context


class NoticeCreateView(LoginRequiredMixin, View):
    """A DPS, BUP or residence unit sends a notice about a person.

    The page starts from the person: the links on the person's page
    (`?service_user=<id>`) and the referral's page (`?referral=<id>`, which
    also chooses the user's unit on that referral as the sender) bring them
    along; otherwise a search by name or identity number lists at most
    PERSON_MATCHES of the people the user may see, without JavaScript. A
    list of everyone would be thousands of names at a busy unit.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not sending_unit_ids(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _page(self, request, form, *, finder=None, person=None, matches=(), more=False):
        if person is not None:
            log_access(request, person.pk, AccessLog.Action.VIEW)
        if matches:
            log_access(request, matches, AccessLog.Action.LIST)
        return render(
            request,
            "referrals/notice_form.html",
            {
                "form": form,
                "finder": finder or NoticePersonForm(user=request.user),
                "person": person,
                "matches": matches,
                "more_matches": more,
                "match_limit": PERSON_MATCHES,
            },
        )

    def get(self, request):
        finder = NoticePersonForm(request.GET or None, user=request.user)
        if not finder.is_valid():
            return self._page(request, NoticeForm(user=request.user), finder=finder)
        person, referral = finder.cleaned_data["person"], finder.cleaned_data["referral_found"]
        initial = {"service_user": person.pk} if person else {}
        if referral is not None:
            # The user's unit on that referral sends, when it is one of theirs.
            units = sending_unit_ids(request.user)
            initial["sender"] = next(
                (pk for pk in (referral.sender_id, referral.receiver_id) if pk in units), None
            )
        matches, more = finder.matches()
        return self._page(
            request,
            NoticeForm(user=request.user, initial=initial),
            finder=finder,
            person=person,
            matches=matches,
            more=more,
        )

    def post(self, request):
        form = NoticeForm(request.POST, user=request.user)
        if not form.is_valid():
            return self._page(request, form, person=form.cleaned_data.get("service_user"))
        try:
            notice = Notice.send(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_to_form(form, error)
            return self._page(request, form, person=form.cleaned_data.get("service_user"))
        messages.success(
            request,
            _("Notice #%(number)s was sent to %(receiver)s.")
            % {"number": notice.pk, "receiver": notice.receiver},
        )
        return redirect("referrals:notice_detail", pk=notice.pk)


class NoticeDetailView(LoginRequiredMixin, View):
    """The notice, who acknowledged it and when; for the receiving service
    the acknowledgement form (with the next of kin)."""

    def _page(self, request, notice, form=None, status=200):
        may_acknowledge = (
            Notice.objects.for_user(request.user, access.CHANGE).filter(pk=notice.pk).exists()
        )
        if form is None and may_acknowledge:
            form = NoticeAcknowledgeForm(
                initial={
                    "next_of_kin_informed": {True: "yes", False: "no"}.get(
                        notice.next_of_kin_informed, ""
                    ),
                    "next_of_kin_who": notice.next_of_kin_who,
                    "next_of_kin_on": notice.next_of_kin_on,
                }
            )
        log_access(request, notice.service_user_id, AccessLog.Action.VIEW)
        with_agreements(request.user, [notice])
        return render(
            request,
            "referrals/notice_detail.html",
            {"notice": notice, "form": form if may_acknowledge else None},
            status=status,
        )

    def get(self, request, pk: int):
        notice = access.get_for_user(Notice.objects.with_related(), request.user, pk=pk)
        return self._page(request, notice)


class NoticeAcknowledgeView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        notice = access.get_for_user(
            Notice.objects.with_related(), request.user, access.CHANGE, pk=pk
        )
        form = NoticeAcknowledgeForm(request.POST)
        if form.is_valid():
            try:
                first = notice.acknowledged_at is None
                notice.acknowledge(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("Notice #%(number)s is acknowledged.") % {"number": notice.pk}
                    if first
                    else _("The next of kin are recorded."),
                )
                return redirect("referrals:notice_detail", pk=notice.pk)
        return NoticeDetailView()._page(request, notice, form)
