"""Scale data: residences with units and places, five years of stays and
applications, cost keys and private purchases (see `generate.Generator`)."""

from __future__ import annotations

import datetime

from scale.shapes import DAY, Area


class ResidencesMixin:
    """Methods of `Generator`; they use its random generator, ids and `_copy`."""

    def _residences(self) -> None:
        residences, units, places = [], [], []
        self.places: list[tuple[int, int]] = []  # (place, residence)
        self.residences: list[tuple[int, int, Area]] = []  # (residence, organisation, area)
        shielded = max(1, self.scale.places_per_residence // 5)
        for r, (organisation, municipality, area) in enumerate(self.residence_orgs):
            pk = self.ids.take("capacity_residence")
            residences.append((pk, f"Skalabustad {r + 1:03d}", organisation, municipality))
            self.residences.append((pk, organisation, area))
            ordinary_unit = self.ids.take("capacity_unit")
            shielded_unit = self.ids.take("capacity_unit")
            units += [(ordinary_unit, pk, "A", "ordinary"), (shielded_unit, pk, "B", "shielded")]
            for n in range(self.scale.places_per_residence):
                unit, code = (
                    (shielded_unit, f"B{n + 1}") if n < shielded else (ordinary_unit, f"A{n + 1}")
                )
                place = self.ids.take("capacity_place")
                places.append((place, pk, unit, code, True))
                self.places.append((place, pk))
        self._copy(
            "residences",
            "capacity_residence",
            ["id", "name", "organisation_id", "municipality_id"],
            residences,
        )
        self._copy("units", "capacity_unit", ["id", "residence_id", "name", "kind"], units)
        self._copy(
            "places", "capacity_place", ["id", "residence_id", "unit_id", "code", "active"], places
        )

    # Stays, their applications and admission referrals ----------------------

    def _stays_and_applications(self) -> None:
        rng = self.rng
        slots = []  # (start, end, place, residence)
        for place, residence in self.places:
            day = self.first_day - DAY * rng.randrange(400)
            while day <= self.today:
                end = day + DAY * rng.randint(60, 720)
                if end > self.today:
                    if rng.random() < 0.9:
                        slots.append((day, None, place, residence))
                    break
                slots.append((day, end, place, residence))
                day = end + DAY * rng.randint(0, 30)
        slots.sort(key=lambda s: s[0])
        residence_info = {pk: (org, area) for pk, org, area in self.residences}
        free_from: dict[int, datetime.date | None] = {}  # person → free from (None: living there)
        self.referral_rows, self.event_rows = [], []
        self.ongoing_stay: dict[int, tuple] = {}  # person → (stay, residence organisation, start)
        self.stays: list[tuple] = []  # (stay, person, home, residence organisation, start, end)
        self.assessment_of: dict[int, tuple[int, int]] = {}  # person → (referral, receiver)
        self.unit_stays: list[tuple] = []  # (person, DPS/BUP, admitted at, discharged at)
        self.recommendation_rows, self.recommendation_event_rows = [], []
        self.document_parents: list[tuple] = []  # (referral, person, uploader, [when])
        self.open_keys: set[tuple[int, int, str]] = set()
        stays, applications = [], []
        for start, end, place, residence in slots:
            organisation, area = residence_info[residence]
            person = self._free_person(area, start, free_from)
            if person is None:
                continue
            pk, home, _born = person
            free_from[pk] = end
            stay = self.ids.take("capacity_stay")
            if end is None:
                self.ongoing_stay[pk] = (stay, organisation, start)
            self.stays.append((stay, pk, home, organisation, start, end))
            lead = self.member[organisation]
            reason = (
                ""
                if end is None
                else rng.choice(["planned", "own_wish", "hospital", "other_service"])
            )
            stays.append(
                (
                    stay,
                    pk,
                    place,
                    home,
                    start,
                    end,
                    reason,
                    lead,
                    lead if end else None,
                    self._at(start),
                    self._at(end or start),
                )
            )
            waited = rng.randint(5, 200)
            applied = start - DAY * waited
            referral = self._referral(
                pk,
                self.service_of[home],
                organisation,
                "admission",
                "started" if end is None else "completed",
                applied - DAY * rng.randint(1, 20),
            )
            applications.append(
                (
                    self.ids.take("capacity_application"),
                    residence,
                    pk,
                    home,
                    referral,
                    rng.choice((1, 2, 3, 3)),
                    "admitted",
                    applied,
                    None,
                    None,
                    self._at(start),
                    lead,
                    start,
                    waited,
                    stay,
                    "",
                    "",
                    self._at(applied),
                    self._at(start),
                )
            )
        # A waiting list at each residence: people not living anywhere now.
        for residence, organisation, area in self.residences:
            for _ in range(rng.randint(3, 12)):
                person = self._free_person(area, self.today, free_from)
                if person is None:
                    break
                pk, home, _born = person
                free_from[pk] = None  # one open application per person here, keep it simple
                applied = self.today - DAY * rng.randint(1, 200)
                referral = self._referral(
                    pk,
                    self.service_of[home],
                    organisation,
                    "admission",
                    "received",
                    applied - DAY * rng.randint(1, 10),
                )
                applications.append(
                    (
                        self.ids.take("capacity_application"),
                        residence,
                        pk,
                        home,
                        referral,
                        rng.choice((1, 2, 3, 3)),
                        "waiting",
                        applied,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        "",
                        "",
                        self._at(applied),
                        self._at(applied),
                    )
                )
        self._copy(
            "stays",
            "capacity_stay",
            [
                "id",
                "service_user_id",
                "place_id",
                "paying_municipality_id",
                "start",
                "end",
                "end_reason",
                "created_by_id",
                "ended_by_id",
                "created_at",
                "updated_at",
            ],
            stays,
        )
        self._applications = applications

    def _free_person(self, area: Area, day: datetime.date, free_from: dict):
        """Someone from the area (or, failing that, anywhere) not staying anywhere on `day`."""
        pools = [self.people_in_area[id(area)], self.people]
        for pool in pools:
            for _ in range(30):
                person = self.rng.choice(pool)
                if person[0] not in free_from:
                    return person
                until = free_from[person[0]]
                if until is not None and until <= day:
                    return person
        return None

    # Referrals and their events ------------------------------------------------

    def _cost_keys(self) -> None:
        rows = []
        for residence, _organisation, _area in self.residences:
            for year in range(self.first_day.year, self.today.year + 2):
                rows.append(
                    (
                        self.ids.take("capacity_costkey"),
                        residence,
                        year,
                        self.rng.randint(28, 36) * 1_000_000,
                        30,
                        70,
                    )
                )
        self._copy(
            "cost keys",
            "capacity_costkey",
            ["id", "residence_id", "year", "budget", "fixed_share", "use_share"],
            rows,
        )

    def _private_purchases(self) -> None:
        rows, span = [], (self.today - self.first_day).days
        self.purchase_of: dict[int, tuple] = {}  # person → (purchase, start, end)
        for _ in range(self.scale.private_purchases):
            pk, home, _born = self.rng.choice(self.people)
            start = self.first_day + DAY * self.rng.randrange(span)
            end = start + DAY * self.rng.randint(30, 700)
            created = self._at(start)
            purchase = self.ids.take("municipalities_privatepurchase")
            self.purchase_of[pk] = (purchase, start, None if end > self.today else end)
            rows.append(
                (
                    purchase,
                    pk,
                    home,
                    "Skala Omsorg AS",
                    self.rng.randint(4, 12) * 1000,
                    start,
                    None if end > self.today else end,
                    created,
                    created,
                )
            )
        self._copy(
            "private purchases",
            "municipalities_privatepurchase",
            [
                "id",
                "service_user_id",
                "municipality_id",
                "provider",
                "daily_cost",
                "start_date",
                "end_date",
                "created_at",
                "updated_at",
            ],
            rows,
        )
