"""Who sees which rows of the residence data, and the domain queries on them.

Residence staff (role residence_lead in the residence's organisation) see all
applications and stays of their residence; coordinators see those of their
own municipality; council readers see no personal rows (only the aggregates
in `capacity.occupancy`).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from bops import access
from capacity.db import DaysBetween


def staff_organisation_ids(user, action: str = access.VIEW) -> set[int]:
    """Residence organisations where the user is on the intake team / leader."""
    from municipalities.models import Membership

    return access.organisation_ids(user, {Membership.Role.RESIDENCE_LEAD}, action)


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
        from capacity.models import Stay

        return self.exclude(pk__in=Stay.objects.overlapping(start, None).values("place_id"))

    def with_current_stay(self, day: datetime.date | None = None):
        """Annotate the stay occupying each place on `day` (default today): the place board."""
        from capacity.models import Stay

        day = day or timezone.localdate()
        current = Stay.objects.on(day).filter(place=OuterRef("pk"))
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


class ApplicationQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW):
        if access.is_superuser(user):
            return self
        return self.filter(
            Q(residence__organisation_id__in=staff_organisation_ids(user, action))
            | Q(applying_municipality__in=access.coordinator_municipality_ids(user, action))
        )

    def open(self):
        return self.filter(status__in=self.model.OPEN)

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

    def offers_expired_on(self, day: datetime.date):
        """Offers whose last valid day is before `day`."""
        return self.filter(status=self.model.Status.OFFERED, offer_valid_until__lt=day)
