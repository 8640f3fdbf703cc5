"""Shared fixtures. The three personas of every view are built here:
`coordinator` (may act), `reader` (read-only member of the same service) and
`outsider` (coordinator in another municipality)."""

import pytest
from django.db import connection

from tests import factories


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def home(db):
    return factories.MunicipalityFactory(name="Lærdal", number="1422")


@pytest.fixture
def elsewhere(db):
    return factories.MunicipalityFactory(name="Vik", number="1417")


@pytest.fixture
def home_service(home):
    return factories.OrganisationFactory(municipal_service_in=home)


@pytest.fixture
def coordinator(home_service):
    return factories.member_of(home_service, role="coordinator", username="koordinator")


@pytest.fixture
def reader(home_service):
    return factories.member_of(home_service, role="coordinator", read_only=True, username="lesar")


@pytest.fixture
def outsider(elsewhere):
    service = factories.OrganisationFactory(municipal_service_in=elsewhere)
    return factories.member_of(service, role="coordinator", username="utanforstaande")


@pytest.fixture
def service_user(home):
    return factories.ServiceUserFactory(home_municipality=home)


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="admin", is_staff=True, is_superuser=True)


# --- UI: compiled translations -------------------------------------------------
# .mo files are build output (gitignored). `make install` compiles them; this
# hook does the same when they are missing or older than their .po file, so a
# fresh clone's test run sees the real Nynorsk, Bokmål and English texts.


def pytest_sessionstart(session):
    from pathlib import Path

    from django.conf import settings

    stale = []
    for locale_path in settings.LOCALE_PATHS:
        for po in Path(locale_path).glob("*/LC_MESSAGES/*.po"):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                stale.append(po.parent.parent.name)
    if not stale:
        return
    from django.core.management import call_command
    from django.utils.translation import trans_real

    call_command(
        "compilemessages",
        locale=sorted(set(stale)),
        ignore_patterns=[".venv", "venv", "node_modules", ".git"],
        verbosity=0,
    )
    # Forget catalogues loaded before the compile.
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = trans_real.Local()
