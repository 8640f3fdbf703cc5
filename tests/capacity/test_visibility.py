"""Who sees which applications, stays and service users of the residence."""

import pytest

from bops import access
from capacity.models import Application, Stay
from municipalities.models import ServiceUser
from tests import factories
from tests.capacity.conftest import place


@pytest.fixture
def people(residence, home, elsewhere):
    ours = factories.ServiceUserFactory(home_municipality=home)
    theirs = factories.ServiceUserFactory(home_municipality=elsewhere)
    factories.StayFactory(service_user=ours, place=place(residence, "A1"))
    factories.ApplicationFactory(residence=residence, service_user=theirs)
    return ours, theirs


def test_residence_staff_see_every_applicant_and_resident(staff, people):
    assert set(ServiceUser.objects.for_user(staff)) == set(people)
    assert Stay.objects.for_user(staff).count() == 1
    assert Application.objects.for_user(staff).count() == 1


def test_read_only_staff_may_see_but_not_change(staff_reader, people):
    assert set(ServiceUser.objects.for_user(staff_reader)) == set(people)
    assert not ServiceUser.objects.for_user(staff_reader, access.CHANGE).exists()
    assert not Application.objects.for_user(staff_reader, access.CHANGE).exists()


def test_a_coordinator_sees_only_their_own_municipalitys_rows(coordinator, people):
    ours, _ = people
    assert list(Stay.objects.for_user(coordinator).values_list("service_user", flat=True)) == [
        ours.pk
    ]
    assert not Application.objects.for_user(coordinator).exists()
    assert list(ServiceUser.objects.for_user(coordinator)) == [ours]


def test_council_readers_and_strangers_see_no_personal_rows(council_reader, people):
    for user in (council_reader, factories.UserFactory()):
        assert not ServiceUser.objects.for_user(user).exists()
        assert not Stay.objects.for_user(user).exists()
        assert not Application.objects.for_user(user).exists()


def test_staff_of_another_residence_see_nothing_here(people):
    other = factories.residence_with_places(ordinary=1)
    stranger = factories.member_of(other.organisation, role="residence_lead")
    assert not ServiceUser.objects.for_user(stranger).exists()
    assert not Stay.objects.for_user(stranger).exists()
    assert not Application.objects.for_user(stranger).exists()
