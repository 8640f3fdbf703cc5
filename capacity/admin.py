"""Admin for the residence. Non-superusers see only what `for_user` lets them see;
admissions, discharges and decisions go through `capacity.services`, so those
fields are read-only here."""

from django.contrib import admin
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops import access
from bops.admin_scoping import ScopedAdminMixin, ScopedInlineMixin
from bops.formats import format_date
from capacity.intake import applied_on
from capacity.models import Application, ApplicationEvent, CostKey, Place, Residence, Stay, Unit
from capacity.querysets import staff_organisation_ids


class ScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Rows, foreign-key choices (raw-id fields included) and the access log
    follow the models' `for_user`, as in the other apps' admin."""


class StaffOnlyAdmin(ScopedAdmin):
    """Units and cost keys: every member may read them through the API, but
    the admin lists only the residences the user works at. Adding or
    changing one needs the residence in the user's CHANGE scope (the
    residence choice is limited to it, and the save checks it again)."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if access.is_superuser(request.user):
            return queryset
        return queryset.filter(residence__organisation_id__in=staff_organisation_ids(request.user))


class UnitInline(ScopedInlineMixin, admin.TabularInline):
    model = Unit
    extra = 0


class CostKeyInline(ScopedInlineMixin, admin.TabularInline):
    model = CostKey
    extra = 0


@admin.register(Residence)
class ResidenceAdmin(ScopedAdmin):
    list_display = ["name", "municipality", "organisation", "places"]
    inlines = [UnitInline, CostKeyInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).with_active_places()
        if access.is_superuser(request.user):
            return queryset
        # Everyone may read residences through the API; the admin is for their staff.
        return queryset.filter(organisation_id__in=staff_organisation_ids(request.user))

    @admin.display(description=_("active places"), ordering="active_places")
    def places(self, obj):
        return obj.active_places


@admin.register(Unit)
class UnitAdmin(StaffOnlyAdmin):
    list_display = ["name", "kind", "residence"]
    list_filter = ["residence", "kind"]


class OccupiedFilter(admin.SimpleListFilter):
    title = _("occupied today")
    parameter_name = "occupied"

    def lookups(self, request, model_admin):
        return [("yes", _("yes")), ("no", _("no"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(current_stay_id__isnull=False)
        if self.value() == "no":
            return queryset.filter(current_stay_id__isnull=True)
        return queryset


@admin.register(Place)
class PlaceAdmin(ScopedAdmin):
    """The place board: each place with today's resident and since when."""

    list_display = ["code", "unit", "active", "current_resident", "since"]
    list_filter = ["residence", "unit__kind", "active", OccupiedFilter]
    search_fields = ["code"]

    def get_queryset(self, request):
        today = timezone.localdate()
        resident = Stay.objects.on(today).filter(place=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .select_related("unit")
            .with_current_stay(today)
            .annotate(
                current_resident_name=Subquery(
                    resident.annotate(
                        name=Concat(
                            "service_user__first_name", Value(" "), "service_user__last_name"
                        )
                    ).values("name")[:1]
                )
            )
        )

    @admin.display(description=_("current resident"))
    def current_resident(self, obj):
        return obj.current_resident_name or "–"

    @admin.display(description=_("since"), ordering="current_since")
    def since(self, obj):
        return format_date(obj.current_since) if obj.current_since else "–"


class ApplicationEventInline(admin.TabularInline):
    """The application's history, read only (it is append-only)."""

    model = ApplicationEvent
    fields = ["at", "by", "action", "from_status", "to_status", "priority", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin):
    list_display = [
        "service_user",
        "residence",
        "applying_municipality",
        "priority",
        "status",
        "applied_on",
        "offered_place",
        "offer_valid_until",
        "waiting_days",
    ]
    list_filter = ["status", "close_reason", "priority", "residence", "applying_municipality"]
    list_select_related = ["service_user", "residence", "applying_municipality", "offered_place"]
    date_hierarchy = "applied_on"
    search_fields = ["service_user__first_name", "service_user__last_name"]
    raw_id_fields = ["referral"]
    readonly_fields = [
        "priority",
        "applied_on",
        "status",
        "offered_place",
        "offer_valid_until",
        "admitted_on",
        "waiting_days",
        "stay",
        "decided_at",
        "decided_by",
        "decision_note",
        "close_reason",
    ]
    inlines = [ApplicationEventInline]

    def save_model(self, request, obj, form, change):
        adding = obj._state.adding
        if adding:
            obj.applied_on = applied_on(obj.referral)
        super().save_model(request, obj, form, change)
        if adding:
            obj.record_applied(by=request.user)


class OngoingFilter(admin.SimpleListFilter):
    title = _("ongoing")
    parameter_name = "ongoing"

    def lookups(self, request, model_admin):
        return [("yes", _("yes")), ("no", _("no"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(end__isnull=self.value() == "yes")
        return queryset


@admin.register(Stay)
class StayAdmin(ScopedAdmin):
    """Stays are created by admissions (API or services) so every invariant
    is checked under the residence lock; here they are read."""

    list_display = ["service_user", "place", "paying_municipality", "start", "end", "end_reason"]
    list_filter = [OngoingFilter, "place__residence", "paying_municipality", "end_reason"]
    list_select_related = ["service_user", "place", "paying_municipality"]
    date_hierarchy = "start"
    search_fields = ["service_user__first_name", "service_user__last_name", "place__code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CostKey)
class CostKeyAdmin(StaffOnlyAdmin):
    list_display = ["residence", "year", "budget", "fixed_share", "use_share"]
    list_filter = ["residence", "year"]
