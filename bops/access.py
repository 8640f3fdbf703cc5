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
#: The staff-room screen's login: sees the wall screen of its residence and
#: nothing else. It gives no scope at all: `grants()` leaves it out, so every
#: `for_user()` built on the helpers below treats such a user as an outsider;
#: the wall screen alone asks `board_organisation_ids()`.
BOARD = "board"
#: Roles that give no scope over people, referrals or anything else.
SCREEN_ROLES = frozenset({BOARD})
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


def memberships(user) -> list[Grant]:
    """All the user's memberships as plain values, screen roles included,
    loaded once per user object (or given with the user by the token check,
    `set_grants`). Scope is decided on `grants()` instead."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_bops_memberships", None)
    if cached is None:
        # Plain values in Grant's field order: no model instances to build.
        cached = [Grant(*row) for row in grants_query.run(user.pk)]
        user._bops_memberships = cached
    return cached


def grants(user) -> list[Grant]:
    """The memberships that give scope: all but the screen roles (a board
    login reaches nothing through them)."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_bops_grants", None)
    if cached is None:
        cached = [g for g in memberships(user) if g.role not in SCREEN_ROLES]
        user._bops_grants = cached
    return cached


def board_organisation_ids(user) -> set[int]:
    """Organisations whose wall screen the user's board login may show."""
    return {g.organisation_id for g in memberships(user) if g.role == BOARD}


def is_board_only(user) -> bool:
    """A screen login: a board membership and no other (nor a superuser)."""
    return bool(
        user is not None
        and user.is_authenticated
        and not user.is_superuser
        and board_organisation_ids(user)
        and not grants(user)
    )


def set_grants(user, rows) -> None:
    """Memberships read in the same statement as the user (the API token check)."""
    user._bops_memberships = [Grant(*row) for row in rows]
    user.__dict__.pop("_bops_grants", None)


def is_superuser(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


def _usable(grant: Grant, action: str) -> bool:
    return action == VIEW or not grant.read_only


def organisation_ids(user, roles: set[str] | None = None, action: str = VIEW) -> set[int]:
    """Organisations the user acts for in one of `roles` (any role that sees
    people if None). A council reader's membership never counts unless asked
    for by name: the council reads aggregates only, so a referral, notice or
    document that names the council (one from before the council was refused
    as a party) still reaches none of its readers."""
    wanted = ROLES_SEEING_PEOPLE if roles is None else roles
    return {g.organisation_id for g in grants(user) if g.role in wanted and _usable(g, action)}


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
