"""python manage.py seed_demo, through call_command: when it runs, and that
it runs again without adding anyone and fails whole. What the data hold is
tests/municipalities/test_demo_data.py (one seed for all its tests); these
tests each need a database the command has not seeded yet."""

import datetime

import pytest
import time_machine
from django.core.management import CommandError

from municipalities.models import Municipality, ServiceUser
from tests.municipalities.demo_seed import counts, seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    settings.BOPS_ALLOW_SYNTHETIC_IDS = True


def test_seeding_again_on_a_later_day_adds_nobody(debug_on):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)):
        seed()
        first = counts()
    with time_machine.travel(datetime.datetime(2026, 9, 15, 12, tzinfo=datetime.UTC)):
        seed()
        assert counts() == first


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed()
    assert not Municipality.objects.exists()


def test_force_runs_it_with_debug_off(settings):
    settings.DEBUG = False
    settings.BOPS_ALLOW_SYNTHETIC_IDS = True
    seed(force=True)
    assert Municipality.objects.current().count() == 7


def test_it_refuses_when_synthetic_numbers_are_not_allowed(settings):
    settings.DEBUG = True
    settings.BOPS_ALLOW_SYNTHETIC_IDS = False
    with pytest.raises(CommandError, match="BOPS_ALLOW_SYNTHETIC_IDS"):
        seed()


def test_a_failing_seeder_leaves_nothing_half_saved(debug_on):
    from municipalities.hooks import demo_steps

    def later_app_fails(stdout):
        raise RuntimeError("a later app's demo data is broken")

    demo_steps.register(later_app_fails, order=1000)
    try:
        with pytest.raises(RuntimeError):
            seed()
    finally:
        demo_steps.unregister(later_app_fails)
    assert not Municipality.objects.exists()
    assert not ServiceUser.objects.exists()
