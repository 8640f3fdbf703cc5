"""`make run` seeds once, then only serves; the README names the demo password."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from municipalities.demo import DEMO_PASSWORD
from municipalities.models import Organisation, ServiceUser
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_seed_demo_if_empty_leaves_a_seeded_database_alone(settings):
    settings.DEBUG = True
    factories.ServiceUserFactory()
    organisations = Organisation.objects.count()
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert ServiceUser.objects.count() == 1
    assert Organisation.objects.count() == organisations
    assert "not seeding again" in out.getvalue()


def test_make_run_seeds_only_an_empty_database():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "seed_demo --if-empty" in makefile


def test_the_readme_names_the_demo_password():
    assert DEMO_PASSWORD in (ROOT / "README.md").read_text(encoding="utf-8")
