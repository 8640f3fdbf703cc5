"""Django admin for the data core. Staff who are not superusers see only their
`for_user()` scope (bops/admin_scoping.py)."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from bops import access
from bops.admin_scoping import ScopedAdminMixin, ScopedInlineMixin, SuperuserWritesMixin
from bops.audit import AccessLog, log_access
from bops.errors import DomainError
from municipalities.models import (
    Assessment,
    Consent,
    Membership,
    Municipality,
    Organisation,
    PrivatePurchase,
    ServiceUser,
)
from municipalities.models.organisations import coordinator_choices

STAMPS = ("created_at", "updated_at")
PERSON_SEARCH = (
    "service_user__first_name",
    "service_user__last_name",
    "=service_user__national_id",
)


class CoordinatorChoicesMixin:
    """Users named on a person (coordinator, assessor) come from the
    coordinators of the municipalities the staff member may change."""

    user_fields = ("coordinator", "assessor")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.user_fields and not access.is_superuser(request.user):
            kwargs["queryset"] = coordinator_choices(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Municipality)
class MunicipalityAdmin(SuperuserWritesMixin, admin.ModelAdmin):
    list_display = (
        "number", "name", "county", "population", "valid_from", "valid_until", "successor", "active"
    )  # fmt: skip
    list_filter = ("active", "county")
    search_fields = ("name", "number")
    raw_id_fields = ("successor",)


@admin.register(Organisation)
class OrganisationAdmin(SuperuserWritesMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "municipality", "health_trust", "min_age", "max_age", "active")
    list_filter = ("kind", "municipality", "health_trust", "active")
    search_fields = ("name", "email")
    filter_horizontal = ("catchment",)


@admin.register(Membership)
class MembershipAdmin(SuperuserWritesMixin, admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "read_only")
    list_filter = ("role", "read_only", "organisation__kind", "organisation__municipality")
    search_fields = ("user__username", "user__first_name", "user__last_name", "organisation__name")
    autocomplete_fields = ("user",)
    list_select_related = ("user", "organisation")

    def get_queryset(self, request):
        # Who works where is not for everyone: staff see their own organisations.
        queryset = super().get_queryset(request)
        if access.is_superuser(request.user):
            return queryset
        return queryset.filter(organisation__in=access.organisation_ids(request.user))


class ConsentInline(ScopedInlineMixin, admin.TabularInline):
    model = Consent
    extra = 0
    fields = ("organisation", "given_on", "withdrawn_on", "note")


class AssessmentInline(CoordinatorChoicesMixin, ScopedInlineMixin, admin.TabularInline):
    model = Assessment
    extra = 0
    fields = ("assessed_on", "assessor", *Assessment.DOMAINS)


class PrivatePurchaseInline(ScopedInlineMixin, admin.TabularInline):
    model = PrivatePurchase
    extra = 0
    fields = ("provider", "municipality", "daily_cost", "start_date", "end_date")


@admin.action(description=_("Anonymise (cannot be undone)"))
def anonymise(modeladmin, request, queryset):
    """The admin's way to remove a person (hard delete is refused): the
    registered anonymiser (privacy), after a confirmation page, for the
    people in the user's CHANGE scope only."""
    people = list(queryset)
    if not access.is_superuser(request.user):
        allowed = ServiceUser.objects.for_user(request.user, access.CHANGE)
        people = list(allowed.filter(pk__in=[p.pk for p in people]))
    if request.POST.get("confirm") != "yes":
        log_access(request, people, AccessLog.Action.ADMIN_VIEW)
        return TemplateResponse(
            request,
            "admin/municipalities/serviceuser/anonymise_confirmation.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": _("Anonymise service users"),
                "people": people,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": modeladmin.model._meta,
            },
        )
    done = 0
    for person in people:
        try:
            person.anonymise()
            done += 1
        except DomainError as error:
            messages.error(request, f"#{person.pk}: {error}")
    if done:
        messages.success(request, _("%(count)s person(s) anonymised.") % {"count": done})
    return None


@admin.register(ServiceUser)
class ServiceUserAdmin(CoordinatorChoicesMixin, ScopedAdminMixin, admin.ModelAdmin):
    """No delete, for anyone: a person is anonymised, never deleted
    (ServiceUser.delete refuses as well)."""

    actions = (anonymise,)
    list_display = (
        "last_name",
        "first_name",
        "national_id",
        "home_municipality",
        "main_pathway",
        "rop",
        "ip_status",
        "coordinator",
    )
    list_filter = ("home_municipality", "main_pathway", "rop", "ip_status")
    search_fields = ("first_name", "last_name", "^national_id")
    list_select_related = ("home_municipality", "coordinator")
    readonly_fields = ("birth_date", *STAMPS)
    inlines = (ConsentInline, AssessmentInline, PrivatePurchaseInline)
    fieldsets = (
        (None, {"fields": ("national_id", "first_name", "last_name", "birth_date")}),
        (
            None,
            {"fields": ("home_municipality", "coordinator", "main_pathway", "rop")},
        ),
        (None, {"fields": ("ip_status", "ip_date", "crisis_plan_date")}),
        (None, {"fields": ("next_of_kin_name", "next_of_kin_phone", *STAMPS)}),
    )

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        # Anonymising is a change to the person: the change permission decides.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not self.has_change_permission(request):
            actions.pop("anonymise", None)
        return actions


@admin.register(Consent)
class ConsentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("service_user", "organisation", "given_on", "withdrawn_on")
    list_filter = ("service_user__home_municipality", "organisation__kind", "organisation")
    search_fields = PERSON_SEARCH
    list_select_related = ("service_user", "organisation")
    readonly_fields = STAMPS
    date_hierarchy = "given_on"


@admin.register(Assessment)
class AssessmentAdmin(CoordinatorChoicesMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("service_user", "assessed_on", "assessor")
    list_filter = (
        "service_user__home_municipality",
        "service_user__main_pathway",
        "service_user__rop",
    )
    search_fields = PERSON_SEARCH
    list_select_related = ("service_user", "assessor")
    readonly_fields = STAMPS
    date_hierarchy = "assessed_on"


@admin.register(PrivatePurchase)
class PrivatePurchaseAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "service_user",
        "provider",
        "municipality",
        "daily_cost",
        "start_date",
        "end_date",
    )
    list_filter = ("municipality", "service_user__main_pathway", "service_user__rop")
    search_fields = (*PERSON_SEARCH, "provider")
    list_select_related = ("service_user", "municipality")
    readonly_fields = STAMPS
    date_hierarchy = "start_date"


# The individual plan's admin lives with the plan's other modules.
from municipalities.plans import admin as plans_admin  # noqa: E402, F401
