"""Who sees which referrals, events and people (for_user)."""

import datetime

import pytest
import time_machine

from bops.access import CHANGE, VIEW
from municipalities.models import ServiceUser
from referrals.models import Referral, ReferralEvent
from tests import factories


def test_members_of_both_sides_and_the_coordinator_see_a_sent_referral(
    make, coordinator, reader, intake, intake_reader, outsider
):
    referral = make("received")
    for user in (coordinator, reader, intake, intake_reader):
        assert list(Referral.objects.for_user(user, VIEW)) == [referral]
        assert ReferralEvent.objects.for_user(user, VIEW).count() == 2
    assert not Referral.objects.for_user(outsider, VIEW).exists()
    assert not ReferralEvent.objects.for_user(outsider, VIEW).exists()


def test_read_only_members_may_not_act(make, reader, intake_reader, coordinator, intake):
    make("received")
    assert not Referral.objects.for_user(reader, CHANGE).exists()
    assert not Referral.objects.for_user(intake_reader, CHANGE).exists()
    assert Referral.objects.for_user(coordinator, CHANGE).exists()
    assert Referral.objects.for_user(intake, CHANGE).exists()


def test_the_receiver_never_sees_a_draft(draft, intake):
    assert not Referral.objects.for_user(intake, VIEW).exists()
    assert not ServiceUser.objects.for_user(intake, VIEW).exists()


def test_the_coordinator_of_the_municipality_sees_referrals_other_units_sent(
    service_user, dps, intake, home
):
    other_service = factories.OrganisationFactory(name="Barnevern Lærdal", municipality=home)
    other_user = factories.member_of(other_service, role="coordinator", username="barnevern")
    factories.ConsentFactory(service_user=service_user, organisation=dps)
    factories.make_referral(
        "received",
        sender_user=other_user,
        receiver_user=intake,
        service_user=service_user,
        sender=other_service,
        receiver=dps,
    )
    municipal_coordinator = factories.member_of(
        factories.OrganisationFactory(municipal_service_in=home), username="k2"
    )
    assert Referral.objects.for_user(municipal_coordinator, VIEW).count() == 1
    assert not Referral.objects.for_user(municipal_coordinator, CHANGE).exists()


def test_intake_staff_see_the_person_only_through_a_referral_to_their_unit(
    make, service_user, intake, outsider
):
    assert not ServiceUser.objects.for_user(intake, VIEW).exists()
    make("received")
    assert list(ServiceUser.objects.for_user(intake, VIEW)) == [service_user]
    assert not ServiceUser.objects.for_user(intake, CHANGE).exists()
    assert not ServiceUser.objects.for_user(outsider, VIEW).exists()


def test_superusers_see_everything(make, admin_user):
    make("draft")
    assert Referral.objects.for_user(admin_user, VIEW).count() == 1


@pytest.fixture
def received_on(make):
    def build(day, urgency="ordinary", **fields):
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(9), datetime.UTC)):
            return make("received", urgency=urgency, **fields)

    return build


def test_overdue_and_due_soon_count_working_days(received_on, dps, home_service):
    # Received Fri 19.12.2025 → deadline Wed 07.01.2026.
    referral = received_on(datetime.date(2025, 12, 19))
    assert referral.assessment_deadline == datetime.date(2026, 1, 7)
    with time_machine.travel(datetime.datetime(2026, 1, 2, 12, tzinfo=datetime.UTC)):
        # Fri 2nd: two working days ahead is Tue 6th, not yet due soon.
        assert not Referral.objects.due_soon().exists()
        assert Referral.objects.due_soon(days=3).exists()
    with time_machine.travel(datetime.datetime(2026, 1, 5, 12, tzinfo=datetime.UTC)):
        assert list(Referral.objects.due_soon()) == [referral]
        assert not Referral.objects.overdue().exists()
    with time_machine.travel(datetime.datetime(2026, 1, 8, 12, tzinfo=datetime.UTC)):
        assert list(Referral.objects.overdue()) == [referral]
        assert not Referral.objects.due_soon().exists()
        assert referral.is_overdue


def test_a_decided_referral_is_never_overdue(received_on, intake):
    referral = received_on(datetime.date(2025, 12, 19))
    referral.accept(by=intake)
    with time_machine.travel(datetime.datetime(2026, 2, 1, 12, tzinfo=datetime.UTC)):
        assert not Referral.objects.overdue().exists()


def test_the_inbox_holds_open_referrals_to_the_unit_earliest_deadline_first(
    make, dps, home_service
):
    later = make("received")
    other_person = factories.ServiceUserFactory(home_municipality=home_service.municipality)
    factories.ConsentFactory(service_user=other_person, organisation=dps)
    sooner = make("received", service_user=other_person, urgency="emergency")
    closed = factories.ServiceUserFactory(home_municipality=home_service.municipality)
    factories.ConsentFactory(service_user=closed, organisation=dps)
    make("rejected", service_user=closed)
    assert list(Referral.objects.inbox(dps)) == [sooner, later]
    assert list(Referral.objects.inbox(home_service)) == []


def test_for_one_receiver_the_rule_gives_the_same_rows_as_filtering_after_it(
    make, coordinator, reader, intake, intake_reader, outsider, service_user, home_service, dps
):
    """for_user(receiver=...) writes the rule differently for the user's own
    unit (see its docstring); it must keep exactly the same rows."""
    make("received")
    make("draft", kind="advice")  # a draft to the DPS: only the sender sees it
    # A draft the DPS itself writes back to the home service, and one it
    # receives from there: the sender side of the rule at the same unit.
    factories.ReferralFactory(service_user=service_user, sender=dps, receiver=home_service)
    make("completed", kind="admission")
    for user in (coordinator, reader, intake, intake_reader, outsider):
        for action in (VIEW, CHANGE):
            for receiver in (dps.pk, home_service.pk, 999_999):
                expected = Referral.objects.for_user(user, action).filter(receiver=receiver)
                rows = Referral.objects.for_user(user, action, receiver=receiver)
                assert set(rows) == set(expected), (user, action, receiver)
