"""Who may read the catalogue and the agreements, and the questions asked of them."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from bops import access

#: How far ahead a review counts as due ("within 60 days").
REVIEW_WARNING_DAYS = 60


def is_staff_member(user) -> bool:
    """Catalogue and agreements are public knowledge within BOPS: every
    signed-in member of an organisation (and the administrator) may read."""
    return access.is_superuser(user) or bool(access.grants(user))


class _StaffReadable(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW):
        """Staff read everything; only administrators change anything."""
        if access.is_superuser(user):
            return self
        if action == access.VIEW and is_staff_member(user):
            return self
        return self.none()


def _in_json_list(field: str, value: str) -> Q:
    # The lists hold short distinct keys: a quoted key matches only itself,
    # the same way on PostgreSQL and SQLite.
    return Q(**{f"{field}__icontains": f'"{value}"'})


class MeasureQuerySet(_StaffReadable):
    def active(self):
        return self.filter(active=True)

    def serving(self, municipality):
        return self.filter(municipalities=municipality)

    def for_age(self, age: int):
        return self.filter(
            (Q(min_age__isnull=True) | Q(min_age__lte=age))
            & (Q(max_age__isnull=True) | Q(max_age__gte=age))
        )

    def for_domain(self, domain: str):
        return self.filter(_in_json_list("domains", domain))

    def for_pathway(self, pathway: int | str):
        return self.filter(Q(pathways=[]) | _in_json_list("pathways", str(pathway)))


class AgreementQuerySet(_StaffReadable):
    def between(self, *organisations):
        queryset = self
        for organisation in organisations:
            queryset = queryset.filter(parties=organisation)
        return queryset.distinct()

    def in_force(self, today: datetime.date | None = None):
        today = today or datetime.date.today()
        return self.filter(valid_from__lte=today).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        )

    def due_for_review(self, today: datetime.date | None = None, days: int | None = None):
        """Review due within `days` (60 by default), not yet past."""
        today = today or datetime.date.today()
        ahead = today + datetime.timedelta(days=REVIEW_WARNING_DAYS if days is None else days)
        return self.filter(next_review__gte=today, next_review__lte=ahead)

    def out_of_date(self, today: datetime.date | None = None):
        """Expired, or the review date has passed."""
        today = today or datetime.date.today()
        return self.filter(Q(valid_to__lt=today) | Q(next_review__lt=today))

    def responsible_for(self, user):
        """The agreements this user answers for: named, or through an
        organisation they may act for."""
        return self.filter(
            Q(responsible=user)
            | Q(responsible_organisation__in=access.organisation_ids(user, action=access.CHANGE))
        )
