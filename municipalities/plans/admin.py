"""The plan in Django admin: read only, because every change to a plan goes
through municipalities/plans/services.py and leaves history; the admin is
where an administrator gives the person (or their representative) a login
of their own."""

from django.contrib import admin
from django.contrib.auth import get_user_model

from bops import access
from bops.admin_scoping import ScopedAdminMixin
from municipalities.models import IndividualPlan, PlanHistory, PlanOwnerLogin


class ReadOnlyAdmin(ScopedAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndividualPlan)
class IndividualPlanAdmin(ReadOnlyAdmin):
    list_display = ("service_user", "status", "coordinator", "decision_date", "next_evaluation")
    list_filter = ("status", "service_user__home_municipality")
    list_select_related = ("service_user", "coordinator")
    search_fields = ("service_user__first_name", "service_user__last_name")


@admin.register(PlanHistory)
class PlanHistoryAdmin(ReadOnlyAdmin):
    list_display = ("at", "plan", "subject", "by")
    list_filter = ("subject",)
    list_select_related = ("plan__service_user", "by")
    log_person_field = "plan__service_user"


@admin.register(PlanOwnerLogin)
class PlanOwnerLoginAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "kind", "plan")
    list_select_related = ("user", "plan__service_user")
    raw_id_fields = ("plan", "user")
    log_person_field = "plan__service_user"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A plan-owner login lets its account read the plan. Staff who are not
        # superusers may only give it to a bare account (no staff rights, no
        # membership, no other plan), never to a colleague's account, which
        # would hand that colleague the plan.
        if db_field.name == "user" and not access.is_superuser(request.user):
            kwargs["queryset"] = get_user_model().objects.filter(
                is_staff=False,
                is_superuser=False,
                memberships__isnull=True,
                plan_owner_login__isnull=True,
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
