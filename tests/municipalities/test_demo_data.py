"""The demo data `seed_demo` makes, seeded once for all these tests (it takes
most of a minute): each test runs in a savepoint of the seeding transaction
and is rolled back after it. The command's own behaviour (when it refuses,
--force, a later day, a failing step) is tests/municipalities/test_seed_demo.py."""

import datetime

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import override_settings

from municipalities.demo import DEMO_PASSWORD
from municipalities.models import (
    Assessment,
    Municipality,
    Organisation,
    PrivatePurchase,
    ServiceUser,
)
from tests.municipalities.demo_seed import counts, seed
from tests.shared_db import shared_rows

# Every test reads the database; the mark also makes pytest-django set up the
# test database before the module fixture below seeds it.
pytestmark = pytest.mark.django_db

LOGINS = [
    *(
        f"koordinator-{slug}"
        for slug in ["aurland", "luster", "laerdal", "sogndal", "vik", "aardal", "hemsedal"]
    ),
    "inntak-dps", "inntak-bup", "leiar-bops", "regionrad", "tavle-bops", "admin",
]  # fmt: skip


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> str:
    """`seed_demo` in the empty test database; what it printed."""
    with (
        shared_rows(django_db_blocker),
        override_settings(DEBUG=True, BOPS_ALLOW_SYNTHETIC_IDS=True),
    ):
        assert not Municipality.objects.exists()
        yield seed()


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    settings.BOPS_ALLOW_SYNTHETIC_IDS = True


def _numbers_on(day) -> dict[str, str]:
    return dict(Municipality.objects.valid_on(day).values_list("name", "number"))


def test_it_creates_todays_seven_municipalities_with_todays_numbers(demo):
    assert _numbers_on(datetime.date(2026, 11, 20)) == {
        "Vik": "4639", "Sogndal": "4640", "Aurland": "4641", "Lærdal": "4642",
        "Årdal": "4643", "Luster": "4644", "Hemsedal": "3326",
    }  # fmt: skip


def test_it_keeps_the_nine_of_the_pre_study_years_with_their_successors(demo):
    assert _numbers_on(datetime.date(2019, 6, 1)) == {
        "Vik": "1417", "Balestrand": "1418", "Leikanger": "1419", "Sogndal": "1420",
        "Aurland": "1421", "Lærdal": "1422", "Årdal": "1424", "Luster": "1426",
        "Hemsedal": "0618",
    }  # fmt: skip
    successors = dict(
        Municipality.objects.filter(successor__isnull=False).values_list(
            "number", "successor__number"
        )
    )
    assert successors["1418"] == successors["1419"] == successors["1420"] == "4640"
    assert successors["1422"] == "4642"
    assert (successors["0618"], successors["3042"]) == ("3042", "3326")
    assert _numbers_on(datetime.date(2023, 6, 1))["Hemsedal"] == "3042"


def test_the_people_live_in_todays_municipalities_spread_by_population(demo):
    assert not ServiceUser.objects.exclude(
        home_municipality__in=Municipality.objects.current()
    ).exists()
    sogndal = ServiceUser.objects.filter(home_municipality__number="4640").count()
    aurland = ServiceUser.objects.filter(home_municipality__number="4641").count()
    assert sogndal > 4 * aurland > 0


def test_every_person_has_valid_synthetic_number_assessments_and_a_consent(demo):
    for person in ServiceUser.objects.all():
        person.full_clean()
    assert not ServiceUser.objects.filter(assessments__isnull=True).exists()
    assert not ServiceUser.objects.filter(consents__isnull=True).exists()
    assert Assessment.objects.count() >= 2 * ServiceUser.objects.count()


def test_six_municipalities_buy_private_places_today_and_six_of_nine_did_before_the_reform(
    demo,
):
    today = PrivatePurchase.objects.filter(municipality__in=Municipality.objects.current())
    before = PrivatePurchase.objects.filter(end_date__lt=datetime.date(2020, 1, 1))
    assert today.values("municipality").distinct().count() == 6
    assert before.values("municipality").distinct().count() == 6
    # Paid by the municipality of their day: Leikanger, not today's Sogndal.
    assert set(before.values_list("municipality__valid_until", flat=True)) == {
        datetime.date(2019, 12, 31)
    }
    assert before.filter(municipality__number="1419").exists()


def test_the_specialist_units_serve_the_right_catchment_and_ages(demo):
    dps = Organisation.objects.get(name="DPS Indre Sogn")
    bup = Organisation.objects.get(name="Sogndal BUP")
    assert (dps.kind, dps.min_age, dps.municipality.name) == ("dps", 18, "Lærdal")
    assert (bup.kind, bup.max_age) == ("bup", 17)
    # Today's six of Sogn and the eight they came from.
    assert dps.catchment.current().count() == bup.catchment.current().count() == 6
    assert dps.catchment.count() == bup.catchment.count() == 14
    assert not dps.catchment.filter(name="Hemsedal").exists()
    hemsedal_units = Organisation.objects.filter(
        catchment__name="Hemsedal", kind__in=["dps", "bup"]
    ).distinct()
    assert {o.health_trust for o in hemsedal_units} == {"Vestre Viken"}
    assert hemsedal_units.count() == 2
    assert not Organisation.objects.filter(email="").exists()


def test_every_demo_login_works_with_the_printed_password(demo):
    output = demo
    assert DEMO_PASSWORD in output
    assert "http://127.0.0.1:8000/" in output
    for username in LOGINS:
        assert authenticate(username=username, password=DEMO_PASSWORD), username
    assert get_user_model().objects.get(username="admin").is_superuser


def test_a_demo_coordinator_sees_only_their_own_municipality(demo):
    user = get_user_model().objects.get(username="koordinator-laerdal")
    visible = ServiceUser.objects.for_user(user)
    assert visible.exists()
    assert set(visible.values_list("home_municipality__number", flat=True)) == {"4642"}
    regionrad = get_user_model().objects.get(username="regionrad")
    assert not ServiceUser.objects.for_user(regionrad).exists()


def test_seeding_twice_gives_the_same_counts(demo, debug_on):
    first = counts()  # seeded once, into the empty database
    seed()
    assert counts() == first
    assert first["Municipality"] == 17  # 9 before the 2020 reform, 7 today, Hemsedal in Viken
    assert 125 <= first["ServiceUser"] <= 135
