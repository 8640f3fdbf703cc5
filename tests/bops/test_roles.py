"""The core decides on role names it holds as plain strings (bops/access.py);
the municipalities' membership roles must be exactly those."""

from bops import access
from municipalities.models import Membership


def test_the_membership_roles_are_the_roles_the_core_decides_on():
    assert Membership.Role.COORDINATOR == access.COORDINATOR
    assert Membership.Role.INTAKE == access.INTAKE
    assert Membership.Role.RESIDENCE_LEAD == access.RESIDENCE_LEAD
    assert Membership.Role.COUNCIL_READER == access.COUNCIL_READER
    assert Membership.Role.BOARD == access.BOARD
    assert set(Membership.Role.values) == {
        access.COORDINATOR,
        access.INTAKE,
        access.RESIDENCE_LEAD,
        access.COUNCIL_READER,
        access.BOARD,
    }


def test_every_role_but_the_council_reader_sees_named_people():
    assert (
        set(Membership.Role.values) - {access.COUNCIL_READER} - access.SCREEN_ROLES
        == access.ROLES_SEEING_PEOPLE
    )
