"""The plan owner's own login: the person, or the one representative they
name, sees their plan and nothing else.

`PlanOwnerOnlyMiddleware` is the fence: a signed-in plan owner reaches only
the views in `OWNER_VIEWS` (and the second-factor, logout and language pages),
and only after the second factor, whatever `BOPS_REQUIRE_2FA` says; every
other URL answers 404. The token endpoint refuses plan owners, so the API is
closed to them too.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import user_has_device

from bops import access
from bops.audit import AccessLog, log_access
from municipalities.models import ActionItem, PlanHistory, PlanOwnerLogin, ProgressNote
from municipalities.plans import services

OWNER_VIEWS = {"plans:owner_home", "plans:owner_statement", "plans:owner_comment"}
ALWAYS_OPEN = {"security:enrol", "security:verify", "logout", "set_language"}


def owner_login_of(user) -> PlanOwnerLogin | None:
    """The user's plan-owner login, looked up once per user object and only
    for users without memberships (staff never are plan owners)."""
    if user is None or not user.is_authenticated or user.is_staff or user.is_superuser:
        return None
    if access.grants(user):
        return None
    if not hasattr(user, "_bops_plan_owner"):
        user._bops_plan_owner = (
            PlanOwnerLogin.objects.select_related("plan").filter(user=user).first()
        )
    return user._bops_plan_owner


class PlanOwnerOnlyMiddleware:
    """Keeps a plan owner inside their own pages (module docstring). Must come
    after django_otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        name = request.resolver_match.view_name if request.resolver_match else ""
        login = owner_login_of(request.user)
        request.plan_owner = login
        if login is None:
            if name == "api-token" and request.method == "POST":
                username = _posted_username(request).replace("\x00", "")
                if PlanOwnerLogin.objects.filter(user__username=username).exists():
                    return JsonResponse({"detail": _("Not available.")}, status=403)
            return None
        if name in ALWAYS_OPEN:
            return None
        if name == "home":
            return redirect("plans:owner_home")
        if name not in OWNER_VIEWS:
            raise Http404
        if not request.user.is_verified():
            target = "security:verify" if user_has_device(request.user) else "security:enrol"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return None


def _posted_username(request) -> str:
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, RecursionError):
            # Not JSON, or nested too deep: the token view's parser answers 400.
            return ""
        return str(body.get("username", "")) if isinstance(body, dict) else ""
    return request.POST.get("username") or ""


class StatementForm(forms.Form):
    owner_statement = forms.CharField(
        label=gettext_lazy("What matters to me"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
    )


class CommentForm(forms.Form):
    goal = forms.ModelChoiceField(label=gettext_lazy("Goal"), queryset=None)
    text = forms.CharField(
        label=gettext_lazy("My comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.all()


def _owner_plan(request):
    login = owner_login_of(request.user)
    if login is None:
        raise Http404
    return login.plan


@login_required
def owner_home(request, statement_form=None, comment_form=None):
    plan = _owner_plan(request)
    now = timezone.now()
    log_access(request, plan.service_user_id, AccessLog.Action.VIEW)
    context = {
        "plan": plan,
        "goals": list(plan.goals.prefetch_related("notes__author")),
        "participants": list(plan.participants.select_related("organisation", "user")),
        "next_meeting": plan.meetings.filter(starts_at__gte=now).order_by("starts_at").first(),
        "action_items": list(
            ActionItem.objects.filter(meeting__plan=plan, done_on__isnull=True)
            .select_related("owner", "meeting")
            .order_by("due_on", "pk")
        ),
        "statement_form": statement_form
        or StatementForm(initial={"owner_statement": plan.owner_statement}),
        "comment_form": comment_form or CommentForm(plan=plan),
    }
    return render(request, "plans/owner_home.html", context)


@login_required
@require_POST
def owner_statement(request):
    plan = _owner_plan(request)
    form = StatementForm(request.POST)
    if not form.is_valid():
        return owner_home(request, statement_form=form)
    with transaction.atomic():
        before = plan.owner_statement
        plan.owner_statement = form.cleaned_data["owner_statement"]
        plan.save(update_fields=["owner_statement", "updated_at"])
        PlanHistory.objects.create(
            plan=plan,
            by=request.user,
            subject=PlanHistory.Subject.PLAN,
            object_id=plan.pk,
            before={"owner_statement": before},
            after={"owner_statement": plan.owner_statement},
        )
    return redirect("plans:owner_home")


@login_required
@require_POST
def owner_comment(request):
    plan = _owner_plan(request)
    form = CommentForm(request.POST, plan=plan)
    if not form.is_valid():
        return owner_home(request, comment_form=form)
    ProgressNote.objects.create(
        goal=form.cleaned_data["goal"], text=form.cleaned_data["text"], author=request.user
    )
    services.touch_plan(plan.pk)
    return redirect("plans:owner_home")
