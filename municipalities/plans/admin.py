"""The plan in Django admin: read only, because every change to a plan goes
through municipalities/plans/services.py and leaves history; the admin is
where an administrator gives the person (or their representative) a login
of their own."""

from django.contrib import admin

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
