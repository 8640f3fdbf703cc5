"""The access log: who looked at which person's data, when and through what.

Every page, API response, admin view, export and PDF that shows a named
person's data calls `log_access()`; lists log every person whose row was
shown. The log is append-only: the model refuses updates and deletes, and on
PostgreSQL a trigger refuses them too (migration bops 0002), so not even a
bulk query or the admin can rewrite it. The person may see the log about
themselves (GDPR art. 15): `AccessLog.objects.about(service_user)`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops import access
from bops.formats import format_datetime


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an access log row."""


class AccessLogQuerySet(models.QuerySet):
    def about(self, service_user):
        """Who accessed this person's data, newest first: the person's right of
        access, for the coordinator's page and PDF."""
        pk = getattr(service_user, "pk", service_user)
        return (
            self.filter(service_user_id=pk)
            .select_related("user", "organisation")
            .order_by("-at", "-pk")
        )

    def by_user(self, user):
        """What one staff member looked at, newest first (for audits)."""
        pk = getattr(user, "pk", user)
        return self.filter(user_id=pk).select_related("service_user").order_by("-at", "-pk")

    def update(self, **kwargs):
        raise AppendOnlyError(_("The access log cannot be changed."))

    def delete(self):
        raise AppendOnlyError(_("The access log cannot be deleted."))

    # QuerySet.update() is also reached through these.
    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(_("The access log cannot be changed."))

    def update_or_create(self, *args, **kwargs):
        raise AppendOnlyError(_("The access log cannot be changed."))


class AccessLog(models.Model):
    """One look at one person's data. Never edited, never deleted."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        LIST = "list", _("shown in a list")
        EXPORT = "export", _("exported")
        API_READ = "api_read", _("read through the API")
        PDF = "pdf", _("PDF produced")
        ADMIN_VIEW = "admin_view", _("viewed in admin")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # Every API list page writes 50 rows here, so the table is written more
    # than any other (docs/running-at-scale.md):
    # - no single-column indexes on user and service_user: the (user, at) and
    #   (person, at) indexes below start with them;
    # - no foreign-key constraints in the database (db_constraint=False):
    #   checking three keys for each of 50 rows was 40% of the INSERT
    #   (0.65 of 1.56 ms at national scale). The ids come from rows just read
    #   or the signed-in user, and PROTECT still stops the ORM and the admin
    #   from deleting a user, person or organisation the log names; a log
    #   row must outlive what it names anyway.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    service_user = models.ForeignKey(
        "municipalities.ServiceUser",
        verbose_name=_("service user"),
        on_delete=models.PROTECT,
        related_name="access_log",
        db_index=False,
        db_constraint=False,
    )
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    route = models.CharField(_("route"), max_length=200, blank=True)
    # The membership the user acted through, copied so the row stays true if
    # the membership is later removed.
    organisation = models.ForeignKey(
        "municipalities.Organisation",
        verbose_name=_("acting for organisation"),
        on_delete=models.PROTECT,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(_("acting in role"), max_length=20, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["service_user", "-at"], name="bops_accesslog_person_at_idx"),
            models.Index(fields=["user", "-at"], name="bops_accesslog_user_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{format_datetime(self.at)} {self.user_id} {self.action} {self.service_user_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("The access log cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("The access log cannot be deleted."))


def _route(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        return match.view_name[:200]
    return (getattr(request, "path", "") or "")[:200]


def _acting_grant(user, service_user, chosen) -> access.Grant | None:
    """The membership the user most likely acted through for this person.

    A coordinator acts for the service of the person's home municipality; a
    user with one data-seeing membership acts through it; otherwise unknown.
    """
    if chosen is not None:
        return chosen
    seeing = [g for g in access.grants(user) if g.role in access.ROLES_SEEING_PEOPLE]
    if len(seeing) == 1:
        return seeing[0]
    municipality_id = getattr(service_user, "home_municipality_id", None)
    for grant in seeing:
        if grant.role == access.COORDINATOR and grant.municipality_id == municipality_id:
            return grant
    return None


def log_access(request, service_users, action: str, *, grant: access.Grant | None = None):
    """Write one access log row per person shown, in one INSERT.

    `service_users` is a ServiceUser, a pk, or an iterable of either (a list
    page passes the page's rows). `action` is an `AccessLog.Action`. `grant`
    names the membership used when the view knows it. Anonymous requests are
    not logged (they never see personal data). Returns the rows written.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    if isinstance(service_users, models.Model | int | str) or not isinstance(
        service_users, Iterable
    ):
        service_users = [service_users]
    route = _route(request)
    entries: list[tuple[int, int | None, str]] = []  # (person, organisation, role)
    seen: set[int] = set()
    for person in service_users:
        pk = int(getattr(person, "pk", person))
        if pk in seen:
            continue
        seen.add(pk)
        acting = _acting_grant(user, person, grant)
        entries.append((pk, acting.organisation_id, acting.role) if acting else (pk, None, ""))
    if not entries:
        return []
    if connection.vendor == "postgresql":
        return _insert_with_unnest(user.pk, action, route, entries)
    return AccessLog.objects.bulk_create(
        AccessLog(
            user_id=user.pk,
            service_user_id=pk,
            action=action,
            route=route,
            organisation_id=organisation_id,
            role=role,
        )
        for pk, organisation_id, role in entries
    )


def _insert_with_unnest(user_id: int, action: str, route: str, entries: list[tuple]):
    """One INSERT of the entries from three arrays (PostgreSQL); returns the
    rows written as a lazy queryset.

    An API list page logs 50 people per request; `bulk_create()` builds a
    model instance per row and prepares every value through its field
    (about 2.5 ms a page, a sixth of the request), while the values here
    are plain ids and strings that need no preparing."""
    table = AccessLog._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table}
                    (at, user_id, action, route, service_user_id, organisation_id, role)
                SELECT %s, %s, %s, %s, person, organisation, role
                FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS row (person, organisation, role)
                RETURNING id""",
            [timezone.now(), user_id, action, route, *map(list, zip(*entries, strict=True))],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
    return AccessLog.objects.filter(pk__in=ids).order_by("pk")


# --- Finding the person(s) a row is about ----------------------------------
#
# Views, viewsets and admin log "the people shown" without knowing each
# model: a ServiceUser row is its own person; a row of any other model is
# about the person its (single) foreign key to ServiceUser points at. A model
# with several such keys, or one that reaches the person through another row
# (e.g. an event of a referral), names the path itself: a viewset or admin's
# `log_person_field = "referral__service_user"`.


def _service_user_model():
    # The model the log's person key points at (named by its label only, so
    # the core imports no domain app).
    return AccessLog._meta.get_field("service_user").related_model


def person_field(model) -> str | None:
    """How a row of `model` leads to its person: "" for ServiceUser itself, the
    name of its only foreign key to ServiceUser, or None (no person, or
    ambiguous: then the caller must say)."""
    service_user = _service_user_model()
    if model is service_user or issubclass(model, service_user):
        return ""
    if model is AccessLog:
        return None  # the log is about people, but reading it is not logged again
    names = [
        f.name
        for f in model._meta.get_fields()
        if f.concrete and f.many_to_one and f.related_model is service_user
    ]
    return names[0] if len(names) == 1 else None


def people_of(rows, field: str | None = None) -> list[int]:
    """The primary keys of the people the rows are about, in order, once each.

    `field` is "" (the rows are people), a field path such as "service_user"
    or "referral__service_user", or None (found with `person_field()`)."""
    rows = list(rows)
    if not rows:
        return []
    if field is None:
        field = person_field(type(rows[0]))
        if field is None:
            return []
    pks: list[int] = []
    for row in rows:
        if isinstance(row, dict):
            # A row from QuerySet.values() (bops/api_rows.py): the person's id
            # is under the field's name, or "id" for a ServiceUser row.
            pk = row.get(field or "id")
        elif field == "":
            pk = row.pk
        else:
            *path, last = field.split("__")
            target = row
            for step in path:
                target = getattr(target, step, None)
                if target is None:
                    break
            pk = getattr(target, f"{last}_id", None) if target is not None else None
        if pk is not None and pk not in pks:
            pks.append(pk)
    return pks
