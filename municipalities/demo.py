"""Demo data for the data core: the region's municipalities (the nine of the
pre-study years and the seven of today, municipalities/classification.py),
their organisations, demo logins and about 130 synthetic service users.

Deterministic (one seeded random generator, dates relative to today) and
idempotent: rows are found by natural keys (municipality number, organisation
name, username, the person's synthetic name) and updated; the rows recorded
about each demo person are replaced. Identity numbers are synthetic (month +
80), so the installation must allow them (BOPS_ALLOW_SYNTHETIC_IDS).

The region, its organisations and the logins are made in
municipalities/demo_region.py, the service users and what is recorded about
them in municipalities/demo_people.py; the names the other apps' demo data
and the scale generator use are importable from here.
"""

from __future__ import annotations

import random

from django.utils import timezone

from municipalities.demo_people import (
    FIRST_NAMES,
    SURNAME_ENDS,
    SURNAME_STARTS,
    seed_pre_study_purchases,
    seed_records,
    seed_service_users,
)
from municipalities.demo_region import (
    DEMO_PASSWORD,
    DPS_INDRE_SOGN,
    HEMSEDAL,
    LAERDAL,
    MUNICIPALITIES,
    RESIDENCE,
    SOGN_NUMBERS,
    SOGNDAL,
    SOGNDAL_BUP,
    seed_logins,
    seed_municipalities,
    seed_organisations,
)

__all__ = [
    "DEMO_PASSWORD",
    "DPS_INDRE_SOGN",
    "FIRST_NAMES",
    "HEMSEDAL",
    "LAERDAL",
    "MUNICIPALITIES",
    "RESIDENCE",
    "SOGNDAL",
    "SOGNDAL_BUP",
    "SOGN_NUMBERS",
    "SURNAME_ENDS",
    "SURNAME_STARTS",
    "seed",
]

SEED = 1422


def seed(stdout) -> None:
    """Create or update the data core's demo rows (call inside a transaction)."""
    rng = random.Random(SEED)
    today = timezone.localdate()
    municipalities = seed_municipalities()
    organisations = seed_organisations(municipalities)
    users = seed_logins(municipalities, organisations)
    people = seed_service_users(rng, today, municipalities, users)
    seed_records(rng, today, people, municipalities, organisations, users)
    seed_pre_study_purchases(rng, people, municipalities)
    stdout.write(
        f"Data core: {len(MUNICIPALITIES)} municipalities today "
        f"({len(municipalities)} with their history), {len(organisations)} organisations, "
        f"{len(users)} logins, {len(people)} service users."
    )
