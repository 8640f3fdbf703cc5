"""Who sees which rows of the residence data, and the domain queries on them.

Residence staff (role residence_lead in the residence's organisation) see all
applications and stays of their residence; coordinators see those of their
own municipality; council readers see no personal rows (only the aggregates
in `capacity.occupancy`).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Avg, Count, F, IntegerField, Max, OuterRef, Q, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops import access
from bops.errors import IllegalTransition
from capacity.choices import CLOSED_WITHOUT_ADMISSION, OPEN, ApplicationStatus
from capacity.db import DaysBetween


def staff_organisation_ids(user, action: str = access.VIEW) -> set[int]:
    """Residence organisations where the user is on the intake team / leader."""
    return access.organisation_ids(user, {access.RESIDENCE_LEAD}, action)


def wall_organisation_ids(user) -> set[int]:
    """Residence organisations whose wall screen the user may show: the
    screen's own login (role board, which sees nothing else) and the intake
    team, read-only members included."""
    return staff_organisation_ids(user, access.VIEW) | access.board_organisation_ids(user)


def is_residence_staff(user, residence, action: str = access.VIEW) -> bool:
    return access.is_superuser(user) or residence.organisation_id in staff_organisation_ids(
        user, action
    )


class ResidenceQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW):
        """Residences are not personal data: every member of an organisation
        may see them (and their aggregate occupancy); only their staff change them."""
        if access.is_superuser(user):
            return self
        if action == access.VIEW:
            return self if access.grants(user) else self.none()
        return self.filter(organisation_id__in=staff_organisation_ids(user, action))

    def with_active_places(self):
        return self.annotate(active_places=Count("places", filter=Q(places__active=True)))


class ResidencePartQuerySet(models.QuerySet):
    """Units and cost keys: aggregate facts about a residence (no resident),
    read like the residence by every member, changed only by its own staff."""

    def for_user(self, user, action: str = access.VIEW):
        if access.is_superuser(user):
            return self
        if action == access.VIEW:
            return self if access.grants(user) else self.none()
        return self.filter(residence__organisation_id__in=staff_organisation_ids(user, action))


def _stays_of(place_model):
    """The Stay model, reached through Place's reverse relation: the models
    import this module, so it cannot import them."""
    return place_model._meta.get_field("stays").related_model


class PlaceQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW):
        """The place board (who lives where) is for the residence's own staff."""
        if access.is_superuser(user):
            return self
        return self.filter(residence__organisation_id__in=staff_organisation_ids(user, action))

    def active(self):
        return self.filter(active=True)

    def free_from(self, start: datetime.date):
        """Places with no stay on any night from `start` on (the new stay is open-ended)."""
        stays = _stays_of(self.model).objects.overlapping(start, None)
        return self.exclude(pk__in=stays.values("place_id"))

    def with_current_stay(self, day: datetime.date | None = None):
        """Annotate the stay occupying each place on `day` (default today): the place board."""
        day = day or timezone.localdate()
        current = _stays_of(self.model).objects.on(day).filter(place=OuterRef("pk"))
        return self.annotate(
            current_stay_id=Subquery(current.values("pk")[:1]),
            current_since=Subquery(current.values("start")[:1]),
        )


class StayQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW):
        if access.is_superuser(user):
            return self
        municipalities = access.coordinator_municipality_ids(user, action)
        return self.filter(
            Q(place__residence__organisation_id__in=staff_organisation_ids(user, action))
            | Q(paying_municipality__in=municipalities)
            | Q(service_user__home_municipality__in=municipalities)
        )

    def ongoing(self):
        return self.filter(end__isnull=True)

    def on(self, day: datetime.date):
        """Stays occupying a place on the night of `day`."""
        return self.filter(Q(end__isnull=True) | Q(end__gt=day), start__lte=day)

    def overlapping(self, start: datetime.date, end: datetime.date | None):
        """Stays sharing at least one night with [start, end) (end None: open-ended)."""
        rule = Q(end__isnull=True) | Q(end__gt=start)
        if end is not None:
            rule &= Q(start__lt=end)
        return self.filter(rule)

    def in_residence(self, residence):
        return self.filter(place__residence=residence)

    def admissions_in(self, start: datetime.date, end: datetime.date):
        """Stays that began on a day in [start, end]: the admissions of a period."""
        return self.filter(start__range=(start, end))

    def discharges_in(self, start: datetime.date, end: datetime.date):
        """Stays that ended on a day in [start, end]: the discharges of a period.

        `end` is the day the person moved out (the last night is the one before).
        """
        return self.filter(end__range=(start, end))

    def ended_by_reason(self, start: datetime.date, end: datetime.date) -> dict[str, int]:
        """Stays that ended on a day in [start, end], counted per reason
        category (`Stay.EndReason` values; one query)."""
        rows = (
            self.discharges_in(start, end).order_by().values("end_reason").annotate(n=Count("pk"))
        )
        return {row["end_reason"]: row["n"] for row in rows}

    def served_in(self, start: datetime.date, end: datetime.date) -> int:
        """Distinct people who stayed at least one night in [start, end] (one query)."""
        return (
            self.overlapping(start, end + datetime.timedelta(days=1))
            .order_by()
            .values("service_user")
            .distinct()
            .count()
        )

    def per_paying_municipality(self) -> dict[int, int]:
        """Number of stays per paying municipality id (one query)."""
        rows = self.order_by().values("paying_municipality_id").annotate(n=Count("pk"))
        return {row["paying_municipality_id"]: row["n"] for row in rows}

    def length_summary(self) -> dict:
        """`count` and the mean length in nights (`mean`, None if no stays) of
        stays that have ended (one query)."""
        return self.filter(end__isnull=False).aggregate(
            count=Count("pk"), mean=Avg(DaysBetween(F("end"), F("start")))
        )


#: How many recent admissions at the same priority the expected wait rests on.
EXPECTED_WAIT_BASIS = 20


class ApplicationQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW):
        if access.is_superuser(user):
            return self
        return self.filter(
            Q(residence__organisation_id__in=staff_organisation_ids(user, action))
            | Q(applying_municipality__in=access.coordinator_municipality_ids(user, action))
        )

    def open(self):
        return self.filter(status__in=OPEN)

    def waiting_list(self, residence=None, today: datetime.date | None = None):
        """Open applications in waiting-list order, with `position` and `days_waited`.

        The position is the place in the residence's whole queue, also when
        the rows are scoped by `for_user` to one municipality: it is a
        correlated count of open applications ahead, not a window function,
        because a window over a scoped query would number only the rows the
        reader may see.
        """
        rows = self.open()
        if residence is not None:
            rows = rows.filter(residence=residence)
        return (
            rows.with_position()
            .with_days_waited(today)
            .order_by("residence_id", "priority", "applied_on", "pk")
        )

    def with_position(self):
        ahead = (
            self.model.objects.open()
            .filter(residence=OuterRef("residence"))
            .filter(
                Q(priority__lt=OuterRef("priority"))
                | Q(priority=OuterRef("priority"), applied_on__lt=OuterRef("applied_on"))
                | Q(
                    priority=OuterRef("priority"),
                    applied_on=OuterRef("applied_on"),
                    pk__lt=OuterRef("pk"),
                )
            )
            .order_by()
            .values("residence")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(position=Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1)

    def with_days_waited(self, today: datetime.date | None = None):
        """Days from application to admission, or to `today` while still open."""
        today = today or timezone.localdate()
        return self.annotate(
            days_waited=Coalesce(F("waiting_days"), DaysBetween(Value(today), F("applied_on")))
        )

    def waiting_on(self, day: datetime.date):
        """Applications on the waiting list at the end of `day`.

        Applied on or before `day`, and not admitted by then; one closed
        without admission (withdrawn, declined, expired) was still waiting if
        its last decision came after `day`. On today's date this is `open()`.
        """
        still_open = Q(status__in=OPEN)
        closed_later = Q(admitted_on__isnull=True, decided_at__date__gt=day) & ~still_open
        return self.filter(applied_on__lte=day).filter(
            Q(admitted_on__gt=day) | (Q(admitted_on__isnull=True) & (still_open | closed_later))
        )

    def closed_by_reason(self, start: datetime.date, end: datetime.date) -> dict[str, int]:
        """Applications closed without an admission (withdrawn, declined, the
        offer run out) on a day in [start, end], counted per reason category
        (`ApplicationCloseReason` values; one query)."""
        rows = (
            self.filter(status__in=CLOSED_WITHOUT_ADMISSION, decided_at__date__range=(start, end))
            .order_by()
            .values("close_reason")
            .annotate(n=Count("pk"))
        )
        return {row["close_reason"]: row["n"] for row in rows}

    def admitted_in(self, start: datetime.date, end: datetime.date):
        """Applications admitted on a day in [start, end]."""
        return self.filter(admitted_on__range=(start, end), waiting_days__isnull=False)

    def waiting_time_summary(self) -> dict:
        """`count`, `median` and `longest` of `waiting_days` (application to
        admission) over these applications, in two queries whatever their number:
        an aggregate, then the one or two middle values read in order."""
        rows = self.filter(waiting_days__isnull=False).order_by()
        summary = rows.aggregate(count=Count("pk"), longest=Max("waiting_days"))
        count = summary["count"]
        if not count:
            return {"count": 0, "median": None, "longest": None}
        middle = list(
            rows.order_by("waiting_days").values_list("waiting_days", flat=True)[
                (count - 1) // 2 : count // 2 + 1
            ]
        )
        return {**summary, "median": sum(middle) / len(middle)}

    def expected_wait(self, residence_id: int, priority: int, last: int = EXPECTED_WAIT_BASIS):
        """(median days waited, how many admissions it rests on) over the last
        `last` admissions to the residence at this priority; (None, 0) when
        there are none. One query."""
        return _median_and_basis(
            self.filter(residence_id=residence_id, priority=priority, waiting_days__isnull=False)
            .order_by("-admitted_on", "-pk")
            .values_list("waiting_days", flat=True)[:last]
        )

    def expected_waits(self, keys, last: int = EXPECTED_WAIT_BASIS) -> dict:
        """`expected_wait()` for many (residence id, priority) pairs in one
        query: the last `last` admissions of each pair, numbered by a window."""
        keys = set(keys)
        if not keys:
            return {}
        pairs = Q(pk__in=[])
        for residence_id, priority in keys:
            pairs |= Q(residence_id=residence_id, priority=priority)
        rows = (
            self.filter(pairs, waiting_days__isnull=False)
            .annotate(
                recent=Window(
                    RowNumber(),
                    partition_by=[F("residence_id"), F("priority")],
                    order_by=[F("admitted_on").desc(), F("pk").desc()],
                )
            )
            .filter(recent__lte=last)
            .values_list("residence_id", "priority", "waiting_days")
        )
        waits: dict = {key: [] for key in keys}
        for residence_id, priority, days in rows:
            waits[(residence_id, priority)].append(days)
        return {key: _median_and_basis(values) for key, values in waits.items()}

    def offers_expired_on(self, day: datetime.date):
        """Offers whose last valid day is before `day`."""
        return self.filter(status=ApplicationStatus.OFFERED, offer_valid_until__lt=day)


def _median_and_basis(days) -> tuple[int | None, int]:
    """(median of `days`, how many) or (None, 0) for none."""
    waits = sorted(days)
    if not waits:
        return None, 0
    middle = len(waits) // 2
    median = waits[middle] if len(waits) % 2 else (waits[middle - 1] + waits[middle]) / 2
    return round(median), len(waits)


class ApplicationEventQuerySet(models.QuerySet):
    """An application's history: appended to, never changed (see ApplicationEvent)."""

    def for_user(self, user, action: str = access.VIEW):
        """An event is visible when its application is."""
        if access.is_superuser(user):
            return self
        applications = self.model._meta.get_field("application").related_model
        return self.filter(application__in=applications.objects.for_user(user, action).values("pk"))

    def update(self, **kwargs):
        raise IllegalTransition(_("Application events are never changed."))

    def delete(self):
        raise IllegalTransition(_("Application events are never deleted."))
