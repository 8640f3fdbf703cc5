"""Admin over referrals. The status is never edited by hand: transitions go
through the model methods (the actions below), so every change is checked
and written to the history like anywhere else."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from bops.admin_scoping import ScopedAdminMixin
from bops.errors import DomainError
from referrals.choices import Status, WithdrawalReason
from referrals.models import Referral, ReferralEvent
from referrals.notices import Notice
from referrals.recommendations import Recommendation


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("soon", _("Due within 2 working days"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "soon":
            return queryset.due_soon()
        return queryset


class ReferralEventInline(admin.TabularInline):
    model = ReferralEvent
    fields = ["at", "by", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _run(modeladmin, request, queryset, method: str, done_message, **kwargs):
    done = 0
    for referral in queryset:
        try:
            getattr(referral, method)(by=request.user, **kwargs)
            done += 1
        except (PermissionDenied, DomainError, ValidationError) as error:
            messages.error(request, f"#{referral.pk}: {error}")
    if done:
        messages.success(request, done_message % {"count": done})


@admin.action(description=_("Confirm receipt"))
def receive(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, "receive", _("%(count)s referral(s) received."))


@admin.action(description=_("Acknowledge the recommendations (returns)"))
def acknowledge(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, "acknowledge", _("%(count)s return(s) acknowledged."))


@admin.action(description=_("Withdraw"))
def withdraw(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        "withdraw",
        _("%(count)s referral(s) withdrawn."),
        withdrawal_reason=WithdrawalReason.OTHER,
        note=_("Withdrawn in the admin."),
    )


@admin.register(Referral)
class ReferralAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Rows, foreign-key choices (also the raw-id service user) and the access
    log follow `Referral.objects.for_user`, as everywhere else."""

    list_display = [
        "id",
        "kind",
        "urgency",
        "status",
        "sender",
        "receiver",
        "sent_at",
        "assessment_deadline",
    ]
    list_filter = ["status", "urgency", "kind", "receiver", OverdueFilter]
    list_select_related = ["sender", "receiver"]
    search_fields = ["=id", "reason"]
    date_hierarchy = "created_at"
    inlines = [ReferralEventInline]
    actions = [receive, acknowledge, withdraw]
    autocomplete_fields: list[str] = []
    raw_id_fields = ["service_user", "sender_contact"]
    readonly_fields = [
        "status",
        "version",
        "sent_at",
        "received_at",
        "assessment_deadline",
        "decided_at",
        "created_at",
        "updated_at",
        # Chosen by the sender on the referral form, the send page or the
        # API (checked against the person and the sender's scope); shown here.
        "assessments",
    ]
    decision_fields = ["rejection_reason", "advice", "planned_start"]

    def get_readonly_fields(self, request, obj=None):
        # Only a draft may be edited; after that the referral belongs to its
        # history, and decisions are made through the transition methods.
        if obj is not None and obj.status != Status.DRAFT:
            return [*(f.name for f in Referral._meta.fields if f.name != "id"), "assessments"]
        return [*self.readonly_fields, *self.decision_fields]

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyRecordAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Rows follow `for_user`; nothing is added, edited or deleted here,
    because each change is a model method that checks `for_user(by, CHANGE)`
    and keeps the row's history (the actions below call those methods)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(description=_("Acknowledge the notices"), permissions=["view"])
def acknowledge_notices(modeladmin, request, queryset):
    done = 0
    for notice in queryset:
        try:
            notice.acknowledge(by=request.user)
            done += 1
        except (PermissionDenied, DomainError, ValidationError) as error:
            messages.error(request, f"#{notice.pk}: {error or _('Not allowed.')}")
    if done:
        messages.success(request, _("%(count)s notice(s) acknowledged.") % {"count": done})


@admin.register(Notice)
class NoticeAdmin(ReadOnlyRecordAdmin):
    list_display = ["created_at", "kind", "sender", "receiver", "acknowledge_by", "acknowledged_at"]
    list_filter = ["kind", "receiver"]
    list_select_related = ["sender", "receiver"]
    date_hierarchy = "created_at"
    actions = [acknowledge_notices]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyRecordAdmin):
    """Answered on the recommendation's own page (or the API), where the
    answer's rules (a reason for "not possible", guidance) are asked for."""

    list_display = ["referral", "position", "proposed_owner", "due", "status", "answered_at"]
    list_filter = ["status", "proposed_owner"]
    list_select_related = ["referral"]
    log_person_field = "referral__service_user"
