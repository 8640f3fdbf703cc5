"""Scale data: municipalities, organisations with their catchments, staff
users with memberships, and service users (see `generate.Generator`)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib.auth.hashers import make_password

from municipalities import identity
from municipalities.demo import FIRST_NAMES, SURNAME_ENDS, SURNAME_STARTS
from scale.shapes import DAY, PASSWORD, USER_PREFIX, Area


class PeopleMixin:
    """Methods of `Generator`; they use its random generator, ids and `_copy`."""

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
            # The council's region is its catchment: its report counts these.
            area.council = org(f"Skalaregionråd {a + 1:02d}", "council", members[0], serves=members)
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
        self.ip_status: dict[int, str] = {}
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
            self.ip_status[pk] = plan
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
