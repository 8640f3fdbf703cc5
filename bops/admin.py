from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from bops.audit import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Administrators read the access log; nobody adds, changes or deletes."""

    list_display = ["at", "user", "action", "service_user", "organisation", "role", "route"]
    list_filter = ["action", "role", "at"]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "service_user__first_name",
        "service_user__last_name",
        "service_user__national_id",
    ]
    date_hierarchy = "at"
    list_select_related = ["user", "service_user", "organisation"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Superusers, or staff given exactly this permission.
        return request.user.has_perm("bops.view_accesslog")


admin.site.site_header = _("BOPS administration")
admin.site.site_title = _("BOPS administration")
admin.site.index_title = _("Registers")

# API tokens are never shown in admin, not even as digests: a user lists and
# revokes their own (/security/tokens/, /api/v1/auth/tokens/).
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)
