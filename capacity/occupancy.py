"""Occupancy, bed-days and the cost split: the single definition of these figures.

The council report, the API and the pages call these functions; none of
them loops over days × stays in Python. Periods are inclusive: `start` and
`end` are the first and the last day counted. A stay occupies the nights
[stay.start, stay.end) (see `capacity.models`), so one bed-day is one night.

Query counts do not depend on the length of the period:
- `occupancy`: 2 queries (active places, the daily series);
- `bed_days_by_municipality`: 1 query;
- `cost_split`: 3 queries plus 1 per calendar year in the period;
- `places_of_organisation`: none of its own (expressions for the caller's query).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least

from capacity.db import DaysBetween
from capacity.models import CostKey, Place, Residence, Stay
from municipalities.models import Municipality, PrivatePurchase

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Day:
    date: datetime.date
    occupied: int
    active_places: int

    @property
    def utilisation(self) -> float:
        """Occupied share of active places, 0.0–1.0 (0 when there are no places)."""
        return self.occupied / self.active_places if self.active_places else 0.0


_SERIES_SQL = {
    # One row per day, occupied = stays covering that night, in one query.
    "postgresql": """
        SELECT d.day, COUNT(s.id)
        FROM generate_series(%(start)s::date, %(end)s::date, interval '1 day') AS d(day)
        LEFT JOIN {stay} s
          ON s.start <= d.day::date
         AND (s."end" IS NULL OR s."end" > d.day::date)
         AND s.place_id IN (SELECT p.id FROM {place} p WHERE p.residence_id = %(residence)s)
        GROUP BY d.day ORDER BY d.day
    """,
    # SQLite has no generate_series; a recursive CTE makes the days instead.
    "sqlite": """
        WITH RECURSIVE d(day) AS (
            SELECT date(%(start)s)
            UNION ALL SELECT date(day, '+1 day') FROM d WHERE day < date(%(end)s)
        )
        SELECT d.day, COUNT(s.id)
        FROM d
        LEFT JOIN {stay} s
          ON s.start <= d.day
         AND (s."end" IS NULL OR s."end" > d.day)
         AND s.place_id IN (SELECT p.id FROM {place} p WHERE p.residence_id = %(residence)s)
        GROUP BY d.day ORDER BY d.day
    """,
}


def _check_period(start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise ValueError("The period ends before it starts.")


def occupancy(residence: Residence, start: datetime.date, end: datetime.date) -> list[Day]:
    """Occupied places, active places and utilisation for each day from `start` to `end`.

    Active places are today's count for every day: places carry no history
    of when they were opened or closed.
    """
    _check_period(start, end)
    active = Place.objects.filter(residence=residence, active=True).count()
    sql = _SERIES_SQL["postgresql" if connection.vendor == "postgresql" else "sqlite"].format(
        stay=connection.ops.quote_name(Stay._meta.db_table),
        place=connection.ops.quote_name(Place._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": start, "end": end, "residence": residence.pk})
        rows = cursor.fetchall()
    return [Day(_as_date(day), occupied, active) for day, occupied in rows]


def places_of_organisation(organisation: OuterRef, day: datetime.date) -> tuple[Subquery, Subquery]:
    """Two expressions for a query over something an organisation provides
    (a catalogue entry, say), naming that organisation by `organisation`:
    the active places of the residences it runs, and the stays occupying a
    place there on the night of `day`, both counted as `occupancy()` counts
    them. Each is NULL when the organisation runs no residence with places /
    no stay; in the outer query, not a query per row."""
    places = (
        Place.objects.filter(residence__organisation=organisation, active=True)
        .order_by()
        .values("residence__organisation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    stays = (
        Stay.objects.on(day)
        .filter(place__residence__organisation=organisation)
        .order_by()
        .values("place__residence__organisation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Subquery(places, output_field=IntegerField()),
        Subquery(stays, output_field=IntegerField()),
    )


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def bed_days_by_municipality(
    residence: Residence, start: datetime.date, end: datetime.date
) -> dict[int, int]:
    """Bed-days (nights) in [start, end] per paying municipality id, in one query."""
    _check_period(start, end)
    after = end + ONE_DAY
    rows = (
        Stay.objects.in_residence(residence)
        .overlapping(start, after)
        .order_by()
        .values("paying_municipality_id")
        .annotate(
            nights=Sum(
                # An ongoing stay counts up to the end of the period.
                DaysBetween(
                    Least(Coalesce(F("end"), Value(after)), Value(after)),
                    Greatest(F("start"), Value(start)),
                )
            )
        )
    )
    return {row["paying_municipality_id"]: row["nights"] or 0 for row in rows}


@dataclass(frozen=True)
class PurchaseFigures:
    people: int = 0  # distinct people with a bought place in the period
    days: int = 0  # days bought within the period
    cost: int = 0  # NOK: daily cost x days within the period


def private_purchases(start: datetime.date, end: datetime.date) -> dict[int, PurchaseFigures]:
    """Private purchases in [start, end] per municipality id, in one query:
    distinct people, days bought and NOK spent (daily cost × days). A
    purchase's `end_date` is its last day (inclusive)."""
    _check_period(start, end)
    days = (
        DaysBetween(
            Least(Coalesce(F("end_date"), Value(end)), Value(end)),
            Greatest(F("start_date"), Value(start)),
        )
        + 1
    )
    rows = (
        PrivatePurchase.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .filter(start_date__lte=end)
        .order_by()
        .values("municipality_id")
        .annotate(
            people=Count("service_user", distinct=True),
            days=Sum(days),
            cost=Sum(F("daily_cost") * days),
        )
    )
    return {
        row["municipality_id"]: PurchaseFigures(
            row["people"], int(row["days"] or 0), int(row["cost"] or 0)
        )
        for row in rows
    }


def private_purchase_costs(start: datetime.date, end: datetime.date) -> dict[int, int]:
    """NOK spent on private places in [start, end] per municipality id."""
    return {mid: figures.cost for mid, figures in private_purchases(start, end).items()}


@dataclass
class Share:
    municipality: Municipality
    population: int
    bed_days: int = 0
    fixed_cost: Decimal = Decimal(0)
    use_cost: Decimal = Decimal(0)
    private_cost: int = 0

    @property
    def total(self) -> Decimal:
        return self.fixed_cost + self.use_cost


@dataclass
class CostSplit:
    start: datetime.date
    end: datetime.date
    budget: Decimal
    shares: list[Share] = field(default_factory=list)
    missing_years: list[int] = field(default_factory=list)

    @property
    def total_bed_days(self) -> int:
        return sum(share.bed_days for share in self.shares)


def _years(start: datetime.date, end: datetime.date):
    for year in range(start.year, end.year + 1):
        first = max(start, datetime.date(year, 1, 1))
        last = min(end, datetime.date(year, 12, 31))
        yield year, first, last, (datetime.date(year + 1, 1, 1) - datetime.date(year, 1, 1)).days


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _add_outside_catchment(shares: dict, municipality_ids) -> None:
    """A share (population 0) for each municipality not yet in `shares`, in
    one query: nationally, private purchases come from ~350 municipalities
    outside the residence's catchment (a query each made the council report
    700 queries)."""
    missing = set(municipality_ids) - shares.keys()
    for municipality in Municipality.objects.filter(pk__in=missing):
        shares[municipality.pk] = Share(municipality=municipality, population=0)


def _valid_during(municipality: Municipality, first: datetime.date, last: datetime.date) -> bool:
    return (municipality.valid_from is None or municipality.valid_from <= last) and (
        municipality.valid_until is None or municipality.valid_until >= first
    )


def cost_split(residence: Residence, start: datetime.date, end: datetime.date) -> CostSplit:
    """Each municipality's share of the residence's cost for [start, end].

    For each calendar year in the period, the year's budget is prorated by
    days (a whole year counts in full). Its fixed part (CostKey.fixed_share)
    is split by population among the municipalities the residence serves
    (its organisation's catchment; if that is empty, all active
    municipalities), its use part by the bed-days each municipality paid for
    in that part of the period. If nobody stayed, the use part is split by
    population too, so the whole budget is always allocated. Years without a
    cost key add nothing and are listed in `missing_years`. Amounts are
    rounded to whole NOK only at the end. Each municipality's private
    purchases in the period are given for comparison.
    """
    _check_period(start, end)
    keys = {
        k.year: k
        for k in CostKey.objects.filter(residence=residence, year__range=(start.year, end.year))
    }
    municipalities = list(residence.organisation.catchment.all())
    if not municipalities:
        municipalities = list(Municipality.objects.filter(active=True))
    # A catchment keeps the municipalities of earlier years (Leikanger until
    # 2019); each year's fixed part is split among those that existed then.
    municipalities = [m for m in municipalities if _valid_during(m, start, end)]
    shares = {m.pk: Share(municipality=m, population=m.population) for m in municipalities}
    split = CostSplit(start=start, end=end, budget=Decimal(0))

    for year, first, last, days_in_year in _years(start, end):
        key = keys.get(year)
        then = {m.pk for m in municipalities if _valid_during(m, first, last)}
        population = sum(s.population for pk, s in shares.items() if pk in then)
        nights = bed_days_by_municipality(residence, first, last)
        # A paying municipality outside the catchment still pays for its use.
        _add_outside_catchment(shares, nights)
        for municipality_id, count in nights.items():
            shares[municipality_id].bed_days += count
        if key is None:
            split.missing_years.append(year)
            continue
        budget = Decimal(key.budget) * Decimal((last - first).days + 1) / Decimal(days_in_year)
        split.budget += budget
        fixed = budget * key.fixed_share / 100
        use = budget - fixed
        total_nights = sum(nights.values())
        for share in shares.values():
            counted = share.population if share.municipality.pk in then else 0
            if population:
                share.fixed_cost += fixed * counted / population
            if total_nights:
                share.use_cost += use * nights.get(share.municipality.pk, 0) / total_nights
            elif population:
                share.use_cost += use * counted / population

    private = private_purchase_costs(start, end)
    _add_outside_catchment(shares, private)
    for municipality_id, cost in private.items():
        shares[municipality_id].private_cost = cost
    for share in shares.values():
        share.fixed_cost = _round(share.fixed_cost)
        share.use_cost = _round(share.use_cost)
    split.budget = _round(split.budget)
    split.shares = sorted(shares.values(), key=lambda s: s.municipality.name)
    return split
