"""Admissions and discharges: every invariant refused with its message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bops.errors import Conflict, IllegalTransition, InvalidInput
from capacity import services
from capacity.models import Application, Stay
from referrals.choices import Status
from tests import factories
from tests.capacity.conftest import place

D = datetime.date


MARCH_1 = D(2026, 3, 1)


def fill(residence, day=MARCH_1):
    for code in ["A1", "A2", "A3", "A4", "B1", "B2"]:
        factories.StayFactory(place=place(residence, code), start=day)


def test_it_admits_to_the_first_free_ordinary_place(residence, service_user, staff):
    factories.StayFactory(place=place(residence, "A1"), start=D(2026, 1, 1))
    stay = services.admit(service_user, start=D(2026, 3, 12), by=staff, residence=residence)
    assert stay.place.code == "A2"
    assert stay.paying_municipality == service_user.home_municipality


def test_admitting_from_the_waiting_list_closes_the_application_and_starts_the_referral(
    residence, service_user, staff
):
    application = factories.ApplicationFactory(
        residence=residence, service_user=service_user, applied_on=D(2026, 1, 5)
    )
    stay = services.admit(application, start=D(2026, 3, 12), by=staff)
    application.refresh_from_db()
    assert application.status == Application.Status.ADMITTED
    assert application.stay == stay
    assert application.admitted_on == D(2026, 3, 12)
    assert application.waiting_days == 66
    referral = application.referral
    referral.refresh_from_db()
    assert referral.status == Status.STARTED
    event = referral.events.get()
    assert event.by == staff
    assert "A1" in event.note and "12.03.2026" in event.note


def test_admitting_a_person_with_an_open_application_closes_it(residence, service_user, staff):
    application = factories.ApplicationFactory(residence=residence, service_user=service_user)
    services.admit(service_user, by=staff, start=D(2026, 3, 12))
    application.refresh_from_db()
    assert application.status == Application.Status.ADMITTED


def test_a_referral_that_is_not_accepted_stops_the_whole_admission(residence, service_user, staff):
    referral = factories.admission_referral(service_user, residence, status=Status.RECEIVED)
    application = factories.ApplicationFactory(
        residence=residence, service_user=service_user, referral=referral
    )
    with pytest.raises(IllegalTransition, match="no longer accepted"):
        services.admit(application, by=staff, start=D(2026, 3, 12))
    application.refresh_from_db()
    assert application.status == Application.Status.WAITING
    assert not Stay.objects.exists()


def test_it_refuses_a_full_residence(residence, service_user, staff):
    fill(residence)
    with pytest.raises(Conflict, match="^the residence is full$"):
        services.admit(service_user, by=staff, residence=residence, start=D(2026, 3, 12))
    assert Stay.objects.count() == 6


def test_it_refuses_a_taken_place_with_the_day_it_is_taken_from(residence, service_user, staff):
    factories.StayFactory(place=place(residence, "B2"), start=D(2026, 3, 12))
    with pytest.raises(Conflict, match=r"^place B2 is taken from 12\.03\.2026$"):
        services.admit(service_user, place=place(residence, "B2"), start=D(2026, 4, 1), by=staff)


def test_a_place_booked_from_a_later_day_is_taken_for_an_open_ended_stay(
    residence, service_user, staff
):
    factories.StayFactory(place=place(residence, "B1"), start=D(2026, 5, 1))
    with pytest.raises(Conflict, match=r"place B1 is taken from 01\.05\.2026"):
        services.admit(service_user, place=place(residence, "B1"), start=D(2026, 4, 1), by=staff)


def test_a_place_is_free_again_on_the_day_the_resident_leaves(residence, service_user, staff):
    factories.StayFactory(
        place=place(residence, "A1"), start=D(2026, 1, 1), end=D(2026, 3, 12), end_reason="planned"
    )
    stay = services.admit(service_user, place=place(residence, "A1"), start=D(2026, 3, 12))
    assert stay.place.code == "A1"


def test_it_refuses_a_second_ongoing_stay_for_one_person(residence, service_user, staff):
    factories.StayFactory(service_user=service_user, place=place(residence, "A1"))
    with pytest.raises(Conflict, match=r"already has a stay \(place A1 from"):
        services.admit(service_user, by=staff, residence=residence, start=D(2026, 3, 12))


def test_the_database_refuses_two_ongoing_stays_for_one_person(residence, service_user):
    factories.StayFactory(service_user=service_user, place=place(residence, "A1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(
            service_user=service_user,
            place=place(residence, "A2"),
            paying_municipality=service_user.home_municipality,
            start=D(2026, 2, 1),
        )


@pytest.mark.postgres
def test_the_database_refuses_two_stays_in_one_place_on_the_same_night(residence):
    factories.StayFactory(
        place=place(residence, "A1"), start=D(2026, 1, 1), end=D(2026, 3, 1), end_reason="planned"
    )
    # Leaving and arriving on the same day is fine: nights are [start, end).
    factories.StayFactory(
        place=place(residence, "A1"), start=D(2026, 3, 1), end=D(2026, 4, 1), end_reason="planned"
    )
    with pytest.raises(IntegrityError, match="no_overlap_per_place"), transaction.atomic():
        factories.StayFactory(place=place(residence, "A1"), start=D(2026, 3, 31))


def test_it_refuses_a_closed_place(residence, service_user, staff):
    b1 = place(residence, "B1")
    b1.active = False
    b1.save()
    with pytest.raises(InvalidInput, match="closed"):
        services.admit(service_user, place=b1, by=staff, start=D(2026, 3, 12))


def test_closed_places_do_not_count_as_room(residence, staff):
    for code in ["A1", "A2", "A3", "A4", "B1"]:
        factories.StayFactory(place=place(residence, code), start=D(2026, 1, 1))
    b2 = place(residence, "B2")
    b2.active = False
    b2.save()
    with pytest.raises(Conflict, match="the residence is full"):
        services.admit(factories.ServiceUserFactory(), residence=residence, start=D(2026, 3, 1))


def test_a_place_with_a_resident_cannot_be_closed(residence):
    factories.StayFactory(place=place(residence, "A1"))
    a1 = place(residence, "A1")
    a1.active = False
    with pytest.raises(ValidationError, match="has a resident"):
        a1.full_clean()


def test_a_place_offered_to_someone_else_is_not_chosen(residence, service_user, staff):
    other = factories.ApplicationFactory(residence=residence)
    other.offer(place=place(residence, "A1"), valid_until=D(2099, 1, 1), by=staff)
    stay = services.admit(service_user, residence=residence, start=D(2026, 3, 12), by=staff)
    assert stay.place.code == "A2"
    with pytest.raises(Conflict, match="place A1 is held for another applicant"):
        services.admit(
            factories.ServiceUserFactory(), place=place(residence, "A1"), start=D(2026, 3, 12)
        )


def test_an_admitted_offer_takes_the_offered_place(residence, service_user, staff):
    application = factories.ApplicationFactory(residence=residence, service_user=service_user)
    application.offer(place=place(residence, "B2"), valid_until=D(2099, 1, 1), by=staff)
    stay = services.admit(application, by=staff, start=D(2026, 3, 12))
    assert stay.place.code == "B2"


def test_discharge_ends_the_stay_and_frees_the_place(residence, service_user, staff):
    fill(residence)
    stay = Stay.objects.get(place__code="A3")
    services.discharge(stay, D(2026, 6, 1), Stay.EndReason.PLANNED, by=staff)
    stay.refresh_from_db()
    assert (stay.end, stay.end_reason, stay.ended_by) == (D(2026, 6, 1), "planned", staff)
    new = services.admit(service_user, residence=residence, start=D(2026, 6, 1))
    assert new.place.code == "A3"


def test_discharge_refuses_an_end_before_the_start(residence, staff):
    stay = factories.StayFactory(place=place(residence, "A1"), start=D(2026, 3, 12))
    with pytest.raises(InvalidInput, match=r"started on 12\.03\.2026"):
        services.discharge(stay, D(2026, 3, 12), "planned", by=staff)
    stay.refresh_from_db()
    assert stay.end is None


def test_discharge_refuses_a_stay_that_already_ended(residence, staff):
    stay = factories.StayFactory(
        place=place(residence, "A1"), start=D(2026, 1, 1), end=D(2026, 2, 1), end_reason="death"
    )
    with pytest.raises(IllegalTransition, match=r"already ended on 01\.02\.2026"):
        services.discharge(stay, D(2026, 3, 1), "planned", by=staff)


def test_discharge_needs_a_known_reason(residence, staff):
    stay = factories.StayFactory(place=place(residence, "A1"))
    with pytest.raises(InvalidInput, match="reason"):
        services.discharge(stay, D(2026, 3, 1), "bored", by=staff)


def test_a_place_with_a_resident_cannot_be_closed_by_saving_either(residence):
    factories.StayFactory(place=place(residence, "A1"))
    a1 = place(residence, "A1")
    a1.active = False
    with pytest.raises(ValidationError, match="has a resident"):
        a1.save()
    a1.refresh_from_db()
    assert a1.active
