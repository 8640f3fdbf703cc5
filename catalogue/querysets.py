"""Who may read the catalogue and the agreements, and the questions asked of them."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import DateField, OuterRef, Q, Value
from django.utils import timezone

from bops import access
from capacity.occupancy import places_of_organisation
from municipalities.models import Measure as PlanMeasure
from referrals.models import Referral

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

    def with_live_places(self, day: datetime.date | None = None):
        """Annotate the places and the stays today of the residences the
        provider runs (`capacity.occupancy`, the one definition), in the same
        query: a bed-like entry backed by a residence shows those instead of
        hand-typed numbers (`Measure.free_places_today`)."""
        day = day or timezone.localdate()
        places, occupied = places_of_organisation(OuterRef("provider"), day)
        return self.annotate(
            live_places=places, live_occupied=occupied, live_on=Value(day, DateField())
        )

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

    def use_in(
        self, start: datetime.date, end: datetime.date, municipality_ids=None
    ) -> dict[int, dict[int, int]]:
        """The people who used each of these measures in [start, end], per
        their home municipality: {measure id: {municipality id: people}}.

        A person used a measure when a measure in their individual plan points
        at it (PlanMeasureEntry) and was under way in the period (active or
        ended, started on or before `end`, not ended before `start`), or when
        a referral of the measure's referral kind to its receiving unit was
        sent for them in the period. Each person counts once per measure,
        however many plan measures and referrals they had. With
        `municipality_ids`, only the people whose home municipality is one of
        them. Two queries."""
        measures = list(self.only("pk", "referral_kind", "receiver_id", "provider_id"))
        people: set[tuple[int, int, int | None]] = set()
        in_plans = (
            PlanMeasure.objects.filter(
                catalogue_link__entry__in=[m.pk for m in measures],
                status__in=[PlanMeasure.Status.ACTIVE, PlanMeasure.Status.ENDED],
            )
            .filter(Q(start__isnull=True) | Q(start__lte=end))
            .filter(Q(end__isnull=True) | Q(end__gte=start))
            .values_list(
                "catalogue_link__entry_id",
                "plan__service_user_id",
                "plan__service_user__home_municipality_id",
            )
        )
        if municipality_ids is not None:
            in_plans = in_plans.filter(plan__service_user__home_municipality__in=municipality_ids)
        people.update(in_plans)
        by_route: dict[tuple[int, str], list[int]] = {}
        for measure in measures:
            if measure.referral_kind:
                receiver = measure.receiver_id or measure.provider_id
                by_route.setdefault((receiver, measure.referral_kind), []).append(measure.pk)
        if by_route:
            routes = Q(pk__in=[])
            for receiver, kind in by_route:
                routes |= Q(receiver_id=receiver, kind=kind)
            referrals = Referral.objects.sent_in(start, end)
            if municipality_ids is not None:
                referrals = referrals.filter(service_user__home_municipality__in=municipality_ids)
            referred = (
                referrals.filter(routes)
                .values_list(
                    "receiver_id", "kind", "service_user_id", "service_user__home_municipality_id"
                )
                .distinct()
            )
            for receiver, kind, person, municipality in referred:
                for measure_id in by_route[(receiver, kind)]:
                    people.add((measure_id, person, municipality))
        counts: dict[int, dict[int, int]] = {}
        for measure_id, _person, municipality in people:
            per_municipality = counts.setdefault(measure_id, {})
            per_municipality[municipality] = per_municipality.get(municipality, 0) + 1
        return counts


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
