"""Django admin limited to the same `for_user()` scope as pages and API.

Superusers see and change everything. Staff who are not superusers still need
Django's model permissions, and on top of them see only the rows of the
model's `for_user(user, VIEW)`, may change only rows in `for_user(user, CHANGE)`
(read-only members get a view-only page) and pick foreign keys only from the
related model's CHANGE scope. Reuse it in any app's admin:

    @admin.register(Referral)
    class ReferralAdmin(ScopedAdminMixin, admin.ModelAdmin): ...

    class EventInline(ScopedInlineMixin, admin.TabularInline): ...

`ScopedAdminMixin` also writes the access log: every page that names the
person of a row (the change or view-only page, the delete confirmation and
the history) logs ADMIN_VIEW for that person, and the change list logs LIST
for every person on the page. The person of a row is found by
`bops.audit.people_of()`; set `log_person_field` on the admin when the model
reaches its person in another way.
"""

from __future__ import annotations

from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from bops import access
from bops.audit import AccessLog, log_access, people_of


def _scoped(model, user, action: str):
    manager = model._default_manager
    if not hasattr(manager, "for_user"):
        return None
    return manager.for_user(user, action)


def in_scope(obj, user, action: str) -> bool:
    """Whether one saved object lies in the user's scope for `action`."""
    if access.is_superuser(user):
        return True
    queryset = _scoped(type(obj), user, action)
    return queryset is None or queryset.filter(pk=obj.pk).exists()


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id field that names the chosen row only when it is one of the
    field's choices. Django's widget looks the id up in the whole table, so
    `?service_user=<id>` on an add page would print anyone's name."""

    def __init__(self, rel, admin_site, queryset, attrs=None, using=None):
        self.queryset = queryset
        super().__init__(rel, admin_site, attrs=attrs, using=using)

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            known = self.queryset.filter(**{key: value}).exists()
        except (ValueError, TypeError, ValidationError):
            known = False
        return super().label_and_url_for_value(value) if known else ("", "")


class _ForeignKeyScoping:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Choices come from the related model's CHANGE scope: one cannot put a
        # person into a municipality (or link a row to a person) one may not change.
        if "queryset" not in kwargs and not access.is_superuser(request.user):
            scoped = _scoped(db_field.remote_field.model, request.user, access.CHANGE)
            if scoped is not None:
                kwargs["queryset"] = scoped
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if "queryset" in kwargs and type(widget) is ForeignKeyRawIdWidget:
            formfield.widget = ScopedRawIdWidget(
                widget.rel, widget.admin_site, kwargs["queryset"], widget.attrs, widget.db
            )
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # The same for many-to-many choices (a measure's municipalities, an
        # agreement's parties): a crafted id outside them is a form error.
        if "queryset" not in kwargs and not access.is_superuser(request.user):
            scoped = _scoped(db_field.remote_field.model, request.user, access.CHANGE)
            if scoped is not None:
                kwargs["queryset"] = scoped
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _check_saved_in_scope(request, instances) -> None:
    """Saving checks the scope again, whatever the form let through: the
    admin runs the save in a transaction, so raising here rolls it back."""
    if access.is_superuser(request.user):
        return
    for obj in instances:
        if not in_scope(obj, request.user, access.CHANGE):
            raise PermissionDenied


class ScopedAdminMixin(_ForeignKeyScoping):
    """For a ModelAdmin whose model's default manager has `for_user()`."""

    # None: found from the model (ServiceUser itself, or its one FK to it).
    log_person_field: str | None = None

    def _log_object_page(self, request, response):
        # 200 is a rendered page (GET, or a form shown again with errors);
        # a redirect after a save or delete shows nothing.
        obj = getattr(request, "_bops_admin_object", None)
        if response.status_code == 200 and obj is not None:
            log_access(
                request, people_of([obj], self.log_person_field), AccessLog.Action.ADMIN_VIEW
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        return self._log_object_page(request, response)

    def delete_view(self, request, object_id, extra_context=None):
        # The confirmation page names the row and everything deleted with it.
        response = super().delete_view(request, object_id, extra_context)
        return self._log_object_page(request, response)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        return self._log_object_page(request, response)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if response.status_code == 200 and changelist is not None:
            rows = list(changelist.result_list)
            log_access(request, people_of(rows, self.log_person_field), AccessLog.Action.LIST)
        return response

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if access.is_superuser(request.user):
            return queryset
        return queryset.for_user(request.user, access.VIEW)

    def get_object(self, request, object_id, from_field=None):
        # Out of scope looks exactly like missing, and both are a 404 (the
        # admin would otherwise redirect with a "does not exist" message).
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        # The admin instance serves every request: keep the object on the request.
        request._bops_admin_object = obj
        return obj

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or in_scope(obj, request.user, access.CHANGE))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or in_scope(obj, request.user, access.CHANGE))

    def save_model(self, request, obj, form, change):
        # The admin wraps this in a transaction: a row saved outside the
        # user's scope (whatever the form let through) is rolled back.
        super().save_model(request, obj, form, change)
        _check_saved_in_scope(request, [obj])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Inline rows (a residence's units and cost keys, a person's consents).
        for formset in formsets:
            changed = [obj for obj, _fields in getattr(formset, "changed_objects", [])]
            _check_saved_in_scope(request, [*getattr(formset, "new_objects", []), *changed])


class ScopedInlineMixin(_ForeignKeyScoping):
    """For an inline: rows follow the parent's scope. Django passes the parent
    object to the inline's permission methods."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if access.is_superuser(request.user) or not hasattr(queryset, "for_user"):
            return queryset
        return queryset.for_user(request.user, access.VIEW)

    def _parent_changeable(self, request, obj) -> bool:
        return obj is None or in_scope(obj, request.user, access.CHANGE)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_changeable(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and self._parent_changeable(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and self._parent_changeable(request, obj)


class SuperuserWritesMixin:
    """Reference data (municipalities, organisations, memberships): staff may
    look, only superusers (the administrators) may change it."""

    def has_add_permission(self, request, *args):
        return access.is_superuser(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return access.is_superuser(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return access.is_superuser(request.user) and super().has_delete_permission(request, obj)
