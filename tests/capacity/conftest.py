"""Fixtures for the residence: a small residence and its staff personas."""

import pytest

from tests import factories


@pytest.fixture
def residence(home):
    """Four ordinary places A1–A4 and two shielded B1–B2, in Lærdal."""
    organisation = factories.ResidenceOrganisationFactory(name="Bufellesskapet", municipality=home)
    return factories.residence_with_places(
        ordinary=4, shielded=2, name="Lærdal bufellesskap", organisation=organisation
    )


@pytest.fixture
def staff(residence):
    return factories.member_of(residence.organisation, role="residence_lead", username="inntak")


@pytest.fixture
def staff_reader(residence):
    return factories.member_of(
        residence.organisation, role="residence_lead", read_only=True, username="inntak_lesar"
    )


@pytest.fixture
def council_reader(db):
    council = factories.OrganisationFactory(name="Sogn regionråd", kind="council")
    return factories.member_of(council, role="council_reader", username="regionrad")


def place(residence, code):
    return residence.places.get(code=code)


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Service-level tests match the English message ids; pages and the API
    still answer in the request's language (Nynorsk by default), which the
    page tests assert."""
    from django.utils import translation

    with translation.override("en"):
        yield
