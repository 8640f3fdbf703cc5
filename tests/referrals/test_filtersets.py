import datetime

import time_machine
from django.test import RequestFactory

from referrals.filtersets import ReferralFilterSet
from referrals.models import Referral
from tests import factories


def filtered(user, **params):
    request = RequestFactory().get("/", params)
    request.user = user
    queryset = Referral.objects.for_user(user)
    return ReferralFilterSet(request.GET, queryset=queryset, request=request).qs


def test_search_finds_by_number_name_and_reason(make, coordinator, service_user):
    referral = make("received")
    assert list(filtered(coordinator, q=f"#{referral.pk}")) == [referral]
    assert list(filtered(coordinator, q=service_user.first_name)) == [referral]
    assert list(filtered(coordinator, q="spesialisthelsetenesta")) == [referral]
    assert not filtered(coordinator, q="ingen slik tekst").exists()


def test_search_needs_every_word_of_a_name(make, coordinator, service_user):
    make("received")
    assert filtered(coordinator, q=f"{service_user.first_name} Syntetisk").exists()
    assert not filtered(coordinator, q=f"{service_user.first_name} Nordmann").exists()


def test_status_kind_and_urgency_filters(make, coordinator):
    make("received", urgency="prioritised")
    assert filtered(coordinator, status="received").count() == 1
    assert filtered(coordinator, status=["accepted", "rejected"]).count() == 0
    assert filtered(coordinator, urgency="prioritised").count() == 1
    assert filtered(coordinator, kind="advice").count() == 0


def test_the_overdue_filter_follows_the_clock(make, coordinator):
    with time_machine.travel(datetime.datetime(2025, 12, 19, 9, tzinfo=datetime.UTC)):
        make("received")
    with time_machine.travel(datetime.datetime(2026, 1, 8, 9, tzinfo=datetime.UTC)):
        assert filtered(coordinator, overdue="true").count() == 1
        assert filtered(coordinator, overdue="false").count() == 0
    with time_machine.travel(datetime.datetime(2026, 1, 7, 9, tzinfo=datetime.UTC)):
        assert filtered(coordinator, overdue="true").count() == 0


def test_a_person_outside_the_users_scope_is_not_a_valid_choice(make, intake, elsewhere):
    make("received")
    stranger = factories.ServiceUserFactory(home_municipality=elsewhere)
    filterset = ReferralFilterSet(
        {"service_user": stranger.pk},
        queryset=Referral.objects.for_user(intake),
        request=type("R", (), {"user": intake})(),
    )
    assert not filterset.is_valid()
    assert "service_user" in filterset.errors
