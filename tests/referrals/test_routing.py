import datetime

import pytest

from municipalities.models import Organisation
from referrals.choices import Kind
from referrals.routing import outside_catchment, suggest_receiver
from tests import factories

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def units(home, elsewhere):
    return {
        "dps": factories.dps_for(home, name="DPS Indre Sogn"),
        "bup": factories.bup_for(home, name="Sogndal BUP"),
        "other_dps": factories.dps_for(elsewhere, name="DPS Vik"),
    }


def person(home, born):
    return factories.ServiceUserFactory(home_municipality=home, born=born)


def test_an_adult_goes_to_the_dps_covering_the_home_municipality(home, units):
    adult = person(home, datetime.date(1990, 1, 1))
    assert suggest_receiver(adult, Kind.ASSESSMENT, on=TODAY) == units["dps"]


def test_a_child_goes_to_bup(home, units):
    child = person(home, datetime.date(2012, 6, 1))
    assert suggest_receiver(child, Kind.ASSESSMENT, on=TODAY) == units["bup"]


def test_the_eighteenth_birthday_moves_a_person_from_bup_to_dps(home, units):
    young = person(home, datetime.date(2008, 11, 22))
    assert suggest_receiver(young, "advice", on=datetime.date(2026, 11, 21)) == units["bup"]
    assert suggest_receiver(young, "advice", on=TODAY) == units["dps"]


def test_nobody_is_suggested_where_no_unit_covers_the_municipality(units):
    nowhere = person(factories.MunicipalityFactory(), datetime.date(1990, 1, 1))
    assert suggest_receiver(nowhere, Kind.ASSESSMENT, on=TODAY) is None


def test_an_inactive_unit_is_not_suggested(home, units):
    units["dps"].active = False
    units["dps"].save()
    adult = person(home, datetime.date(1990, 1, 1))
    assert suggest_receiver(adult, Kind.ASSESSMENT, on=TODAY) is None


def test_admissions_go_to_the_residence_and_returns_home(home, home_service, units):
    residence = factories.OrganisationFactory(
        name="Bufellesskapet", kind=Organisation.Kind.RESIDENCE
    )
    residence.catchment.add(home)
    adult = person(home, datetime.date(1990, 1, 1))
    assert suggest_receiver(adult, Kind.ADMISSION, on=TODAY) == residence
    assert suggest_receiver(adult, Kind.RETURN, on=TODAY) == home_service


def test_outside_catchment_explains_why(home, units):
    adult = person(home, datetime.date(1990, 1, 1))
    assert outside_catchment(units["dps"], adult, TODAY) == ""
    assert "opptaksområdet" in outside_catchment(units["other_dps"], adult, TODAY)
    assert "alderen" in outside_catchment(units["bup"], adult, TODAY)
