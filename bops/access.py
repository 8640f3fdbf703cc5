"""Who may see and change what: the helpers every `for_user()` is built from.

Access is decided on the server, per object, the same way for pages, API,
admin, exports and PDFs. Each model with personal data has a QuerySet with
`for_user(user, action)`; those methods ask the helpers below which
organisations and municipalities the user acts for. The answers are cached on
the user object for the length of one request.

Actions: VIEW (read) and CHANGE (write). A membership marked read-only grants
VIEW but never CHANGE, which gives the three personas of every view: the member
who may act, the member who may only read, and the outsider (who sees nothing,
so gets 404).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from bops.compiled import CompiledQuery
from bops.hooks import Hook

VIEW = "view"
CHANGE = "change"

# The roles the core decides on, as plain names: municipalities'
# `Membership.Role` uses these values (a test holds them equal).
COORDINATOR = "coordinator"
INTAKE = "intake"
RESIDENCE_LEAD = "residence_lead"
COUNCIL_READER = "council_reader"
#: Roles whose members see named people (a second factor, the access log).
ROLES_SEEING_PEOPLE = frozenset({COORDINATOR, INTAKE, RESIDENCE_LEAD})

#: Where a user's memberships come from: one function (registered by
#: municipalities in its AppConfig.ready()) taking a user id and returning a
#: QuerySet of rows
#: of (organisation id, municipality id, organisation kind, role, read only)
#: for the memberships in active organisations.
membership_loader = Hook("membership_loader", single=True)


@dataclass(frozen=True)
class Grant:
    organisation_id: int
    municipality_id: int | None
    kind: str
    role: str
    read_only: bool


def _grants_queryset(user_id: int):
    return membership_loader.call_one(user_id)


#: The loader's query compiled once per process (bops/compiled.py): compiling
#: the union of memberships and predecessors cost more than running it.
grants_query = CompiledQuery(_grants_queryset)


def grants(user) -> list[Grant]:
    """The user's memberships as plain values, loaded once per user object
    (or given with the user by the token check, `set_grants`)."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_bops_grants", None)
    if cached is None:
        # Plain values in Grant's field order: no model instances to build.
        cached = [Grant(*row) for row in grants_query.run(user.pk)]
        user._bops_grants = cached
    return cached


def set_grants(user, rows) -> None:
    """Grants read in the same statement as the user (the API token check)."""
    user._bops_grants = [Grant(*row) for row in rows]


def is_superuser(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


def _usable(grant: Grant, action: str) -> bool:
    return action == VIEW or not grant.read_only


def organisation_ids(user, roles: set[str] | None = None, action: str = VIEW) -> set[int]:
    """Organisations the user acts for in one of `roles` (any role if None)."""
    return {
        g.organisation_id
        for g in grants(user)
        if (roles is None or g.role in roles) and _usable(g, action)
    }


def coordinator_municipality_ids(user, action: str = VIEW) -> set[int]:
    """Municipalities whose service users this user coordinates."""
    return {
        g.municipality_id
        for g in grants(user)
        if g.role == COORDINATOR and g.municipality_id is not None and _usable(g, action)
    }


def has_role(user, *roles: str) -> bool:
    return any(g.role in roles for g in grants(user))


def get_for_user(model, user, action: str = VIEW, **lookup):
    """Fetch one object through the model's `for_user` scope, in one query.

    `model` is a model class or a queryset of one (to fetch related rows in
    the same query). Not visible at all: 404 (an outsider learns nothing).
    Visible but not changeable when CHANGE is asked: 403.
    """
    queryset = model if isinstance(model, models.QuerySet) else model._default_manager.all()
    scoped = queryset.for_user(user, VIEW)
    if action != VIEW:
        allowed = queryset.model._default_manager.for_user(user, action)
        scoped = scoped.annotate(
            _bops_may_act=models.Exists(allowed.filter(pk=models.OuterRef("pk")))
        )
    try:
        obj = scoped.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
    if action != VIEW and not obj._bops_may_act:
        raise PermissionDenied
    return obj
