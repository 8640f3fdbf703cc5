"""Queries behind the residence pages and dashboards, shared by both.

Each function takes the user and returns plain data; the number of queries
does not depend on the number of places, stays or applications.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Length
from django.http import Http404
from django.utils import timezone

from bops import access
from capacity.choices import OPEN, ApplicationStatus, UnitKind
from capacity.models import Application, Place, Residence, Stay
from capacity.querysets import is_residence_staff, staff_organisation_ids, wall_organisation_ids

CHART_DAYS = 90


def may_see_residence(user) -> bool:
    """Residence staff and coordinators use the residence pages (the menu item)."""
    return (
        access.is_superuser(user)
        or bool(staff_organisation_ids(user))
        or bool(access.coordinator_municipality_ids(user))
    )


def wall_grant(user, residence: Residence) -> access.Grant | None:
    """The membership the wall screen is shown through (the board login's
    own first), for the access log."""
    mine = [g for g in access.memberships(user) if g.organisation_id == residence.organisation_id]
    for role in (access.BOARD, access.RESIDENCE_LEAD):
        for grant in mine:
            if grant.role == role:
                return grant
    return None


def wall_residence(user, pk: int) -> Residence:
    """The residence whose wall screen the user may show, else 404."""
    residences = Residence.objects.with_active_places()
    if not access.is_superuser(user):
        residences = residences.filter(organisation_id__in=wall_organisation_ids(user))
    residence = residences.filter(pk=pk).first()
    if residence is None:
        raise Http404
    return residence


def residence_for(user, pk: int | None = None) -> Residence:
    """The residence asked for, or the user's own (staff first), else the first one."""
    residences = Residence.objects.for_user(user).with_active_places()
    if pk is not None:
        residence = residences.filter(pk=pk).first()
    else:
        staff_of = staff_organisation_ids(user)
        residence = (
            residences.filter(organisation_id__in=staff_of).order_by("name").first()
            if staff_of
            else None
        ) or residences.order_by("name").first()
    if residence is None:
        raise Http404
    return residence


@dataclass
class BoardRow:
    place: Place
    stay: Stay | None

    @property
    def is_free(self) -> bool:
        return self.stay is None


def place_board(residence: Residence, day: datetime.date | None = None) -> list[BoardRow]:
    """Each active place with the stay occupying it on `day` (2 queries).

    Only for the residence's own staff: the caller checks `is_residence_staff`.
    """
    day = day or timezone.localdate()
    places = list(
        Place.objects.filter(residence=residence)
        .active()
        .with_current_stay(day)
        .select_related("unit")
        .order_by("unit__kind", "unit__name", Length("code"), "code")  # A2 before A10
    )
    ids = [p.current_stay_id for p in places if p.current_stay_id]
    stays = Stay.objects.filter(pk__in=ids).select_related("service_user", "paying_municipality")
    by_id = {stay.pk: stay for stay in stays} if ids else {}
    rows = [BoardRow(place, by_id.get(place.current_stay_id)) for place in places]
    # Code order within a unit: A2 before A10.
    rows.sort(key=lambda r: (r.place.unit.kind, r.place.unit.name, len(r.place.code), r.place.code))
    return rows


def occupied_on(residence: Residence, day: datetime.date) -> int:
    return Stay.objects.in_residence(residence).on(day).count()


def waiting_list(user, residence: Residence, today: datetime.date | None = None):
    """The rows of the waiting list this user may see, with position and days waited."""
    return (
        Application.objects.for_user(user)
        .waiting_list(residence, today)
        .select_related("service_user", "applying_municipality", "offered_place")
    )


def my_residents(user, residence: Residence, day: datetime.date | None = None):
    """Stays on `day` the user may see by name (a coordinator: their municipality's)."""
    day = day or timezone.localdate()
    return (
        Stay.objects.for_user(user)
        .in_residence(residence)
        .on(day)
        .select_related("service_user", "place", "paying_municipality")
        .order_by(Length("place__code"), "place__code")  # A2 before A10
    )


def to_decide(rows: list[Application], free: int) -> list[Application]:
    """What the residence should act on now: accepted offers (admit), open
    offers (awaiting an answer), and as many waiting applicants, first in the
    queue, as there are free places not yet offered."""
    S = Application.Status
    accepted = [a for a in rows if a.status == S.ACCEPTED]
    offered = [a for a in rows if a.status == S.OFFERED]
    unoffered = max(0, free - len(accepted) - len(offered))
    waiting = [a for a in rows if a.status == S.WAITING][:unoffered]
    return accepted + offered + waiting


def staff_may_act(user, residence: Residence) -> bool:
    return is_residence_staff(user, residence, access.CHANGE)


def with_expected_waits(rows: list[Application]) -> list[Application]:
    """Set `expected_days` and `expected_basis` on each open application: the
    median wait of the last admissions at its priority, and how many
    admissions that rests on (one query for all residences and priorities)."""
    open_keys = [(a.residence_id, a.priority) for a in rows if a.is_open]
    cache: dict = Application.objects.expected_waits(open_keys) if open_keys else {}
    for application in rows:
        days, basis = application.expected_wait(cache) if application.is_open else (None, 0)
        application.expected_days, application.expected_basis = days, basis
    return rows


RECENTLY_ADMITTED_DAYS = 30


def coordinator_applications(user, today: datetime.date | None = None) -> list[Application]:
    """The applications of the user's municipalities: open ones with their
    place in the whole queue and expected wait, and those admitted lately."""
    today = today or timezone.localdate()
    municipalities = access.coordinator_municipality_ids(user)
    rows = (
        Application.objects.for_user(user)
        .filter(applying_municipality__in=municipalities)
        .filter(
            Q(status__in=OPEN)
            | Q(
                status=ApplicationStatus.ADMITTED,
                admitted_on__gte=today - datetime.timedelta(days=RECENTLY_ADMITTED_DAYS),
            )
        )
        .with_position()
        .with_days_waited(today)
        .select_related("service_user", "residence", "offered_place", "stay__place")
        .order_by("residence_id", "priority", "applied_on", "pk")
    )
    return with_expected_waits(list(rows))


@dataclass
class WallRow:
    """One place on the wall screen: no name, identity number or age."""

    code: str
    unit: str
    shielded: bool
    initials: str
    days: int | None
    #: The resident's id, for the access log only: never rendered.
    person_id: int | None = None


def initials(person) -> str:
    """ "K. N." for Kari Nordmann: enough for staff who know the residents."""
    parts = [person.first_name, person.last_name]
    return " ".join(f"{part.strip()[0].upper()}." for part in parts if part and part.strip())


def wall(residence: Residence, day: datetime.date | None = None) -> list[WallRow]:
    """The place board for the staff-room screen (2 queries)."""
    day = day or timezone.localdate()
    return [
        WallRow(
            code=row.place.code,
            unit=row.place.unit.name,
            shielded=row.place.unit.kind == UnitKind.SHIELDED,
            initials=initials(row.stay.service_user) if row.stay else "",
            days=(day - row.stay.start).days if row.stay else None,
            person_id=row.stay.service_user_id if row.stay else None,
        )
        for row in place_board(residence, day)
    ]
