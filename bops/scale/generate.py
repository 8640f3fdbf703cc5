"""Fill PostgreSQL with synthetic data at a given scale (see `plan.SCALES`).

Everything is made in memory from one seeded random generator and written
with COPY (see `copying`), in one transaction: a failed run leaves nothing
behind. Ids are assigned here so rows can point at each other before they
are written; the sequences are moved past them at the end.

The invariants the database enforces hold by construction:
- a place holds one stay at a time (each place's stays are made one after
  another), and a person has at most one ongoing stay and never two stays
  at once (people are assigned in start order to whoever is free);
- a person has at most one open referral per receiver and kind (checked
  while drawing), and one open application per residence;
- identity numbers are synthetic (`municipalities.identity.make_synthetic`).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from bops.scale.copying import Progress, copy_rows
from bops.scale.plan import Scale
from municipalities import identity
from municipalities.demo import FIRST_NAMES, SURNAME_ENDS, SURNAME_STARTS
from referrals import deadlines

USER_PREFIX = "scale-"
PASSWORD = "scale-bench-2026"
DAY = datetime.timedelta(days=1)

# Status → the path of statuses that leads there (each step is one event).
PATHS = {
    "draft": ["draft"],
    "sent": ["draft", "sent"],
    "received": ["draft", "sent", "received"],
    "info_requested": ["draft", "sent", "received", "info_requested"],
    "accepted": ["draft", "sent", "received", "accepted"],
    "started": ["draft", "sent", "received", "accepted", "started"],
    "completed": ["draft", "sent", "received", "accepted", "started", "completed"],
    "rejected": ["draft", "sent", "received", "rejected"],
    "withdrawn": ["draft", "sent", "withdrawn"],
    "acknowledged": ["draft", "sent", "received", "acknowledged"],
}
OPEN = {"draft", "sent", "received", "info_requested", "accepted", "started"}
REJECTION_REASONS = ["not_specialist_level", "needs_more_information", "wrong_unit", "other"]


@dataclass
class Ids:
    """Next free id per table (the database may already hold other rows)."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


@dataclass
class Area:
    municipalities: list[int]
    dps: int = 0
    bup: int = 0
    council: int = 0


class Generator:
    def __init__(self, scale: Scale, cursor, seed: int = 2026, stdout=None):
        self.scale = scale
        self.cursor = cursor
        self.rng = random.Random(seed)
        self.stdout = stdout
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.first_day = self.today - datetime.timedelta(days=365 * scale.years)
        self.ids = Ids()
        self.counts: dict[str, int] = {}

    # --- helpers ---------------------------------------------------------

    def _copy(self, label: str, table: str, columns: list[str], rows: list) -> None:
        progress = Progress(label, len(rows), stream=self.stdout)
        self.counts[table] = self.counts.get(table, 0) + copy_rows(
            self.cursor, table, columns, rows, progress
        )
        progress.close()

    def _at(self, day: datetime.date, hour: int | None = None) -> datetime.datetime:
        hour = self.rng.randint(8, 15) if hour is None else hour
        return timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(hour, self.rng.randint(0, 59)))
        )

    def _reserve_ids(self, tables: list[str]) -> None:
        for table in tables:
            self.cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
            self.ids.next[table] = self.cursor.fetchone()[0]

    # --- the run ---------------------------------------------------------

    def run(self) -> dict[str, int]:
        self._reserve_ids(TABLES)
        self._municipalities()
        self._organisations()
        self._users()
        self._service_users()
        self._residences()
        self._stays_and_applications()
        self._referrals()
        self._cost_keys()
        self._private_purchases()
        return self.counts

    def _municipalities(self) -> None:
        rows = []
        self.municipalities: list[int] = []
        self.population: dict[int, int] = {}
        for i in range(self.scale.municipalities):
            pk = self.ids.take("municipalities_municipality")
            population = int(min(max(self.rng.lognormvariate(8.8, 1.1), 200), 700_000))
            county = f"Skalafylke {i // 36 + 1:02d}"
            rows.append(
                (pk, f"{9000 + i:04d}", f"Skalakommune {i + 1:03d}", county, population, True)
            )
            self.municipalities.append(pk)
            self.population[pk] = population
        self._copy(
            "municipalities",
            "municipalities_municipality",
            ["id", "number", "name", "county", "population", "active"],
            rows,
        )

    def _organisations(self) -> None:
        orgs, catchment = [], []
        self.areas: list[Area] = []
        self.service_of: dict[int, int] = {}  # municipality → its municipal service
        self.area_of: dict[int, Area] = {}
        size = self.scale.area_size

        def org(name, kind, municipality=None, trust="", min_age=None, max_age=None, serves=()):
            pk = self.ids.take("municipalities_organisation")
            orgs.append((pk, name, kind, municipality, trust, min_age, max_age, "", True))
            for m in serves:
                catchment.append((self.ids.take("municipalities_organisation_catchment"), pk, m))
            return pk

        for a in range(self.scale.areas):
            members = self.municipalities[a * size : (a + 1) * size]
            area = Area(members)
            trust = f"Helse Skala {a // 6 + 1}"
            area.dps = org(f"DPS Skalaområde {a + 1:02d}", "dps", None, trust, 18, None, members)
            area.bup = org(f"BUP Skalaområde {a + 1:02d}", "bup", None, trust, 0, 17, members)
            area.council = org(f"Skalaregionråd {a + 1:02d}", "council", members[0])
            self.areas.append(area)
            for m in members:
                self.area_of[m] = area
                self.service_of[m] = org(f"Helse og omsorg {m:04d} (skala)", "municipal_service", m)
        self.residence_orgs = []
        for r in range(self.scale.residences):
            area = self.areas[r % len(self.areas)]
            municipality = area.municipalities[r // len(self.areas) % len(area.municipalities)]
            pk = org(
                f"Skalabustad {r + 1:03d}", "residence", municipality, serves=area.municipalities
            )
            self.residence_orgs.append((pk, municipality, area))
        self._copy(
            "organisations",
            "municipalities_organisation",
            [
                "id",
                "name",
                "kind",
                "municipality_id",
                "health_trust",
                "min_age",
                "max_age",
                "email",
                "active",
            ],
            orgs,
        )
        self._copy(
            "catchments",
            "municipalities_organisation_catchment",
            ["id", "organisation_id", "municipality_id"],
            catchment,
        )

    def _users(self) -> None:
        users, memberships = [], []
        password = make_password(PASSWORD)
        self.member: dict[int, int] = {}  # organisation → its (first) user

        def user(name: str, organisation: int, role: str) -> int:
            pk = self.ids.take("auth_user")
            users.append(
                (
                    pk,
                    password,
                    None,
                    False,
                    f"{USER_PREFIX}{name}",
                    "Skala",
                    name,
                    "",
                    False,
                    True,
                    self.now,
                )
            )
            memberships.append(
                (self.ids.take("municipalities_membership"), pk, organisation, role, False)
            )
            self.member.setdefault(organisation, pk)
            return pk

        for m, service in self.service_of.items():
            user(f"coord-{m}", service, "coordinator")
        for area in self.areas:
            user(f"intake-{area.dps}", area.dps, "intake")
            user(f"intake-{area.bup}", area.bup, "intake")
            user(f"council-{area.council}", area.council, "council_reader")
        for pk, _municipality, _area in self.residence_orgs:
            user(f"lead-{pk}", pk, "residence_lead")
        self._copy(
            "users",
            "auth_user",
            [
                "id",
                "password",
                "last_login",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
            ],
            users,
        )
        self._copy(
            "memberships",
            "municipalities_membership",
            ["id", "user_id", "organisation_id", "role", "read_only"],
            memberships,
        )

    def _service_users(self) -> None:
        rng, rows, taken = self.rng, [], set()
        weights = [self.population[m] for m in self.municipalities]
        homes = rng.choices(self.municipalities, weights=weights, k=self.scale.service_users)
        # Every municipality has someone, so every coordinator's pages have rows.
        homes[: len(self.municipalities)] = self.municipalities[: len(homes)]
        self.people: list[tuple[int, int, datetime.date]] = []  # (id, home, born)
        oldest, youngest = datetime.date(1940, 1, 1), self.today - datetime.timedelta(days=365 * 9)
        span = (youngest - oldest).days
        plans = ["none", "offered", "in_progress", "established", "established", "declined"]
        for home in homes:
            while True:
                born = oldest + datetime.timedelta(days=rng.randrange(span))
                number = identity.make_synthetic(born, rng.randrange(500))
                if number and number not in taken:
                    taken.add(number)
                    break
            pk = self.ids.take("municipalities_serviceuser")
            plan = rng.choice(plans)
            created = self._at(self.first_day + datetime.timedelta(days=rng.randrange(365)))
            rows.append(
                (
                    pk,
                    number,
                    rng.choice(FIRST_NAMES),
                    rng.choice(SURNAME_STARTS) + rng.choice(SURNAME_ENDS),
                    born,
                    home,
                    rng.choice((2, 3, 3, 3)),
                    rng.random() < 0.35,
                    self.member[self.service_of[home]],
                    plan,
                    self.today - DAY * rng.randrange(900) if plan == "established" else None,
                    None,
                    "",
                    "",
                    created,
                    created,
                )
            )
            self.people.append((pk, home, born))
        self._copy(
            "service users",
            "municipalities_serviceuser",
            [
                "id",
                "national_id",
                "first_name",
                "last_name",
                "birth_date",
                "home_municipality_id",
                "main_pathway",
                "rop",
                "coordinator_id",
                "ip_status",
                "ip_date",
                "crisis_plan_date",
                "next_of_kin_name",
                "next_of_kin_phone",
                "created_at",
                "updated_at",
            ],
            rows,
        )
        self.people_in_area: dict[int, list] = defaultdict(list)
        for person in self.people:
            self.people_in_area[id(self.area_of[person[1]])].append(person)

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

    def _referral(self, person, sender, receiver, kind, status, created, loops=0) -> int:
        """Make one referral with the events of its path; returns its id."""
        rng = self.rng
        if status in OPEN:
            key = (person, receiver, kind)
            if key in self.open_keys:
                status = "withdrawn"
            else:
                self.open_keys.add(key)
        path = list(PATHS[status])
        if loops and "received" in path:
            at = path.index("received") + 1
            path[at:at] = ["info_requested", "received"] * loops
        pk = self.ids.take("referrals_referral")
        sender_user = self.member.get(sender)
        receiver_user = self.member.get(receiver)
        urgency = rng.choices(["ordinary", "prioritised", "emergency"], (80, 17, 3))[0]
        moment = self._at(created)
        sent_at = received_at = decided_at = deadline = None
        previous = ""
        for step in path:
            by = sender_user if step in ("draft", "sent", "withdrawn") else receiver_user
            self.event_rows.append(
                (self.ids.take("referrals_referralevent"), pk, moment, by, previous, step, "")
            )
            previous = step
            if step == "sent" and sent_at is None:
                sent_at = moment
            elif step == "received" and received_at is None:
                received_at = moment
                deadline = self._deadline(moment.date(), urgency)
            elif step in ("accepted", "rejected"):
                decided_at = moment
            moment = min(moment + datetime.timedelta(hours=rng.randint(2, 24 * 9)), self.now)
        rejected = status == "rejected"
        self.referral_rows.append(
            (
                pk,
                person,
                sender,
                receiver,
                kind,
                urgency,
                status,
                "Synthetic referral for load testing.",
                "",
                sender_user,
                sent_at,
                received_at,
                deadline,
                decided_at,
                rng.choice(REJECTION_REASONS) if rejected else "",
                "Try the municipal low-threshold team first." if rejected else "",
                None,
                "Follow-up plan agreed." if status in ("completed", "acknowledged") else "",
                len(path),
                self._at(created),
                moment,
            )
        )
        return pk

    def _deadline(self, received: datetime.date, urgency: str) -> datetime.date:
        cache = self.__dict__.setdefault("_deadlines", {})
        key = (received, urgency)
        if key not in cache:
            cache[key] = deadlines.assessment_deadline(received, urgency)
        return cache[key]

    def _referrals(self) -> None:
        rng = self.rng
        span = (self.today - self.first_day).days
        others = max(0, self.scale.referrals - len(self.referral_rows))
        for _ in range(others):
            pk, home, born = rng.choice(self.people)
            area = self.area_of[home]
            created = self.first_day + DAY * rng.randrange(span + 1)
            age = (created - born).days // 365
            unit = area.bup if age < 18 else area.dps
            kind = rng.choices(["assessment", "advice", "return"], (75, 10, 15))[0]
            sender, receiver = self.service_of[home], unit
            if kind == "return":
                sender, receiver = unit, self.service_of[home]
            recent = (self.today - created).days < 60
            if kind == "return":
                status = rng.choice(["sent", "received"]) if recent else "acknowledged"
            elif recent:
                status = rng.choices(
                    [
                        "draft",
                        "sent",
                        "received",
                        "info_requested",
                        "accepted",
                        "started",
                        "rejected",
                    ],
                    (5, 10, 35, 10, 15, 15, 10),
                )[0]
            else:
                rejected = 35 if unit == area.bup else 15
                status = rng.choices(
                    ["completed", "rejected", "withdrawn"], (100 - rejected - 8, rejected, 8)
                )[0]
            loops = 8 if rng.random() < 0.01 else (1 if rng.random() < 0.25 else 0)
            self._referral(pk, sender, receiver, kind, status, created, loops)
        self._copy(
            "referrals",
            "referrals_referral",
            [
                "id",
                "service_user_id",
                "sender_id",
                "receiver_id",
                "kind",
                "urgency",
                "status",
                "reason",
                "requested",
                "sender_contact_id",
                "sent_at",
                "received_at",
                "assessment_deadline",
                "decided_at",
                "rejection_reason",
                "advice",
                "planned_start",
                "recommendations",
                "version",
                "created_at",
                "updated_at",
            ],
            self.referral_rows,
        )
        self.referral_rows = []
        self._copy(
            "referral events",
            "referrals_referralevent",
            ["id", "referral_id", "at", "by_id", "from_status", "to_status", "note"],
            self.event_rows,
        )
        self.event_rows = []
        self._copy(
            "applications",
            "capacity_application",
            [
                "id",
                "residence_id",
                "service_user_id",
                "applying_municipality_id",
                "referral_id",
                "priority",
                "status",
                "applied_on",
                "offered_place_id",
                "offer_valid_until",
                "decided_at",
                "decided_by_id",
                "admitted_on",
                "waiting_days",
                "stay_id",
                "note",
                "decision_note",
                "created_at",
                "updated_at",
            ],
            self._applications,
        )

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
        for _ in range(self.scale.private_purchases):
            pk, home, _born = self.rng.choice(self.people)
            start = self.first_day + DAY * self.rng.randrange(span)
            end = start + DAY * self.rng.randint(30, 700)
            created = self._at(start)
            rows.append(
                (
                    self.ids.take("municipalities_privatepurchase"),
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


TABLES = [
    "municipalities_municipality",
    "municipalities_organisation",
    "municipalities_organisation_catchment",
    "auth_user",
    "municipalities_membership",
    "municipalities_serviceuser",
    "capacity_residence",
    "capacity_unit",
    "capacity_place",
    "capacity_stay",
    "capacity_application",
    "referrals_referral",
    "referrals_referralevent",
    "capacity_costkey",
    "municipalities_privatepurchase",
]
