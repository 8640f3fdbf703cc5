"""Shared pieces of the REST API, so every app's viewsets follow the same
access rules as pages and admin (see bops/access.py):

- `ScopedViewSetMixin`: the queryset is `Model.objects.for_user(user, VIEW)`,
  so an outsider gets 404; writes on an object outside the CHANGE scope get
  403 (read-only members); creates and updates run in one transaction and are
  rolled back if the saved row falls outside the CHANGE scope.
- `ScopedSerializerMixin`: related-object choices come from the related
  model's `for_user(user, CHANGE)`, so a bad or out-of-scope id is a 400 with
  a field message; `Model.clean()` errors become field errors too.
- `AccessLoggingMixin` (part of `ScopedViewSetMixin`): every successful
  response that shows a person's data writes the access log: a list page logs
  each person in the page (LIST), a detail, create, update or any detail
  action logs the person of the object (API_READ). The person of a row is
  found by `bops.audit.people_of()`; set `log_person_field` when a model
  reaches its person in another way.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, serializers

from bops import access
from bops.audit import AccessLog, log_access, people_of


class InChangeScope(permissions.BasePermission):
    """Reads follow the queryset; writes need the object in the CHANGE scope."""

    message = _("You may see this record but not change it.")

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if access.is_superuser(request.user):
            return True
        return (
            type(obj)
            ._default_manager.for_user(request.user, access.CHANGE)
            .filter(pk=obj.pk)
            .exists()
        )


class AccessLoggingMixin:
    """Writes the access log for the rows a response showed.

    The rows are collected where DRF hands them out (`paginate_queryset()` for
    a list page, `get_object()` for a detail or detail action, the saved
    instance for a create) and logged in `finalize_response()` only when the
    answer is a success, so a refused or invalid request logs nothing.
    """

    # None: found from the model (ServiceUser itself, or its one FK to it).
    log_person_field: str | None = None

    def _shown(self) -> list:
        request = self.request
        if not hasattr(request, "_bops_shown_rows"):
            request._bops_shown_rows = []
        return request._bops_shown_rows

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self._shown().extend(page)
        return page

    def get_object(self):
        obj = super().get_object()
        self._shown().append(obj)
        return obj

    def perform_create(self, serializer) -> None:
        super().perform_create(serializer)
        if serializer.instance is not None:
            self._shown().append(serializer.instance)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        rows = getattr(request, "_bops_shown_rows", None)
        if rows and 200 <= response.status_code < 300 and request.method != "DELETE":
            action = AccessLog.Action.LIST if self.action == "list" else AccessLog.Action.API_READ
            people = people_of(rows, self.log_person_field)
            if people:
                log_access(request, people, action)
        return response


class ScopedViewSetMixin(AccessLoggingMixin):
    """For a viewset over a model whose default manager has `for_user()`.

    Set `queryset` as usual (it gives the model and any select_related); the
    mixin narrows it per request and writes the access log.
    """

    permission_classes = [permissions.IsAuthenticated, InChangeScope]
    # Ids are integers: anything else is "not found" at the router, never a 500.
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.for_user(self.request.user, access.VIEW)

    def _save_in_scope(self, serializer) -> None:
        with transaction.atomic():
            instance = serializer.save()
            if not access.is_superuser(self.request.user) and not (
                type(instance)
                ._default_manager.for_user(self.request.user, access.CHANGE)
                .filter(pk=instance.pk)
                .exists()
            ):
                raise exceptions.PermissionDenied(InChangeScope.message)
        self._shown().append(instance)

    def perform_create(self, serializer) -> None:
        self._save_in_scope(serializer)

    def perform_update(self, serializer) -> None:
        self._save_in_scope(serializer)


class ScopedSerializerMixin:
    """Limits related-object fields to the requesting user's CHANGE scope and
    runs the model's `clean()` so domain rules give field messages."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or access.is_superuser(user):
            return fields
        for field in fields.values():
            related = getattr(field, "child_relation", field)
            queryset = getattr(related, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_user"):
                related.queryset = queryset.for_user(user, access.CHANGE)
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = self.instance or model()
        # Work on a copy so a failed validation leaves self.instance untouched.
        candidate = model(
            **{f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields}
        )
        for name, value in attrs.items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not field.many_to_many:
                setattr(candidate, name, value)
        try:
            candidate.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict
                if hasattr(exc, "error_dict")
                else {"non_field_errors": exc.messages}
            ) from exc
        return attrs
