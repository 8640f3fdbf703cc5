from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from bops import access
from bops.admin_scoping import SuperuserWritesMixin
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

    def get_queryset(self, request):
        # Staff given the permission still see only the entries about people
        # they may see: who looked at whom is itself personal data.
        queryset = super().get_queryset(request)
        if access.is_superuser(request.user):
            return queryset
        people = AccessLog._meta.get_field("service_user").related_model._default_manager
        return queryset.filter(service_user__in=people.for_user(request.user).values("pk"))

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

# Accounts, groups, second-factor devices and lockout records: only the
# administrators (superusers) add, change or delete them. Staff given these
# model permissions could otherwise make themselves superuser, read another
# user's TOTP secret or lift a lockout. (The apps' own admins are registered
# before this module runs: they come earlier in INSTALLED_APPS.)
SUPERUSER_ONLY_APPS = ("auth", "otp_totp", "axes")
for _model, _model_admin in list(admin.site._registry.items()):
    if _model._meta.app_label in SUPERUSER_ONLY_APPS:
        admin.site.unregister(_model)
        admin.site.register(
            _model,
            type(
                f"SuperuserOnly{type(_model_admin).__name__}",
                (SuperuserWritesMixin, type(_model_admin)),
                {"__module__": __name__},
            ),
        )
