"""Who sees an individual plan: IndividualPlan.objects.for_user."""

import datetime

import pytest
import time_machine

from bops import access
from municipalities.models import IndividualPlan, Membership
from tests import factories
from tests.plans.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.date(2026, 1, 10), tick=False):
        yield


def visible(user, action=access.VIEW):
    return set(IndividualPlan.objects.for_user(user, action).values_list("pk", flat=True))


class TestWhoSeesAPlan:
    def test_the_home_coordinator_sees_and_changes_it(self, plan, coordinator):
        assert visible(coordinator) == {plan.pk}
        assert visible(coordinator, access.CHANGE) == {plan.pk}

    def test_a_read_only_member_sees_but_cannot_change_it(self, plan, reader):
        assert visible(reader) == {plan.pk}
        assert visible(reader, access.CHANGE) == set()

    def test_an_outsider_sees_nothing(self, plan, outsider):
        assert visible(outsider) == set()

    def test_a_participating_unit_sees_it_while_access_runs(self, plan, dps_clinician):
        assert visible(dps_clinician) == {plan.pk}

    def test_an_expired_participant_sees_nothing(self, plan, expired_clinician):
        assert visible(expired_clinician) == set()

    def test_access_ends_the_day_after_the_last_day(self, plan, dps, dps_clinician):
        plan.participants.filter(organisation=dps).update(access_until=datetime.date(2026, 1, 10))
        assert visible(dps_clinician) == {plan.pk}
        with time_machine.travel(datetime.date(2026, 1, 11), tick=False):
            assert visible(dps_clinician) == set()

    def test_no_consent_no_access(self, plan, home):
        dps = factories.dps_for(home, name="DPS utan samtykke")
        ParticipantFactory(plan=plan, organisation=dps)
        clinician = factories.member_of(dps, role=Membership.Role.INTAKE)
        assert visible(clinician) == set()

    def test_a_withdrawn_consent_ends_access(self, plan, dps, dps_clinician):
        plan.service_user.consents.filter(organisation=dps).update(
            withdrawn_on=datetime.date(2026, 1, 5)
        )
        assert visible(dps_clinician) == set()

    def test_the_residence_sees_it_while_the_person_lives_there(self, plan, home):
        residence = factories.residence_with_places(2, organisation__municipality=home)
        staff = factories.member_of(
            residence.organisation, role=Membership.Role.RESIDENCE_LEAD, username="bustad"
        )
        place = residence.places.first()
        stay = factories.StayFactory(
            service_user=plan.service_user, place=place, start=datetime.date(2025, 12, 1)
        )
        assert visible(staff) == {plan.pk}
        assert visible(staff, access.CHANGE) == set()
        type(stay).objects.filter(pk=stay.pk).update(
            end=datetime.date(2026, 1, 5), end_reason="planned"
        )
        assert visible(staff) == set()

    def test_a_council_reader_never_sees_it(self, plan, council_reader):
        council = Membership.objects.get(user=council_reader).organisation
        factories.ConsentFactory(service_user=plan.service_user, organisation=council)
        ParticipantFactory(plan=plan, organisation=council)
        assert visible(council_reader) == set()

    def test_a_superuser_sees_every_plan(self, plan, admin_user):
        assert visible(admin_user) == {plan.pk}
