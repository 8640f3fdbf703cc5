"""Demo referrals on a small factory-built world."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.db import transaction

from municipalities.models import Organisation
from referrals import demo, follow_up_demo
from referrals.models import Referral, ReferralEvent
from referrals.notices import Notice
from referrals.recommendation_history import RecommendationEvent
from referrals.recommendations import Recommendation
from tests import factories
from tests.shared_db import shared_rows

TODAY = datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC)


def _world():
    a = factories.MunicipalityFactory(name="Aurland", number="1421")
    b = factories.MunicipalityFactory(name="Luster", number="1426")
    for municipality in (a, b):
        factories.OrganisationFactory(municipal_service_in=municipality)
    factories.dps_for(a, b, name="DPS Indre Sogn")
    factories.bup_for(a, b, name="Sogndal BUP")
    residence = factories.OrganisationFactory(
        name="Bufellesskapet", kind=Organisation.Kind.RESIDENCE
    )
    residence.catchment.add(a, b)
    for i in range(40):
        born = datetime.date(2011, 1, 1) if i % 3 == 0 else datetime.date(1980 + i % 20, 5, 5)
        factories.ServiceUserFactory(home_municipality=a if i % 2 else b, born=born)


@pytest.fixture
def world(db):
    _world()


def seed(count=400):
    out = StringIO()
    with time_machine.travel(TODAY, tick=False):
        demo.seed(out, count=count)
    return out.getvalue()


def rejection_rate(kind):
    decided = Referral.objects.filter(
        receiver__kind=kind, status__in=["accepted", "started", "completed", "rejected"]
    )
    return decided.filter(status="rejected").count() / decided.count()


def test_seeding_twice_adds_nothing(world):
    seed(count=50)
    before = Referral.objects.count()
    assert "exist already" in seed(count=50)
    assert Referral.objects.count() == before


def test_the_demo_is_deterministic(world):
    def signature():
        return sorted(
            Referral.objects.values_list(
                "service_user__national_id", "receiver__name", "kind", "status", "created_at"
            )
        )

    with transaction.atomic():
        seed(count=60)
        first = signature()
        transaction.set_rollback(True)
    assert not Referral.objects.exists()
    seed(count=60)
    assert signature() == first


def test_an_empty_database_gets_no_referrals(db):
    assert "no demo referrals" in seed()


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker) -> str:
    with shared_rows(django_db_blocker):
        _world()
        yield seed()


@pytest.mark.django_db
class TestTheSeededDemo:
    """One seed of 400 referrals (slow) for the tests that read it."""

    def test_the_demo_covers_every_flow_with_a_realistic_mix_within_the_rules(self, seeded):
        output = seeded
        total = Referral.objects.count()
        assert 330 <= total <= 470, output
        statuses = set(Referral.objects.values_list("status", flat=True))
        assert {"received", "accepted", "rejected", "started", "completed", "withdrawn"} <= statuses
        assert {"acknowledged", "sent"} <= set(
            Referral.objects.filter(kind="return").values_list("status", flat=True)
        )
        assert rejection_rate("bup") > rejection_rate("dps") + 0.1
        assert ReferralEvent.objects.filter(to_status="info_requested").count() >= 10
        with time_machine.travel(TODAY, tick=False):
            assert Referral.objects.overdue().exists()
        returns = Referral.objects.filter(kind="return")
        assert returns.exclude(recommendations="").count() == returns.count() > 10
        oldest = Referral.objects.order_by("created_at").first().created_at
        assert (TODAY - oldest).days > 600
        # Back-dated history: the first event of a referral is stamped when it was sent.
        first = ReferralEvent.objects.filter(referral__kind="assessment").order_by("at").first()
        assert first.at == first.referral.sent_at
        # ... and it holds the rules (seeding is slow, so one test checks both).
        for referral in Referral.objects.exclude(status="draft"):
            assert referral.events.exists()
        rejected = Referral.objects.filter(status="rejected")
        assert not rejected.filter(advice="").exists()
        open_triples = Referral.objects.open().values_list("service_user", "receiver", "kind")
        assert len(open_triples) == len(set(open_triples))

    def test_the_follow_up_demo_has_items_in_every_status_notices_and_a_reopening(self, seeded):
        out = StringIO()
        with time_machine.travel(TODAY, tick=False):
            follow_up_demo.seed(out)
            statuses = set(Recommendation.objects.values_list("status", flat=True))
            assert statuses == {"unanswered", "planned", "in_progress", "done", "not_possible"}, out
            assert Recommendation.objects.filter(guidance_referral__isnull=False).exists()
            # Every answer left its history row.
            assert (
                RecommendationEvent.objects.count()
                >= Recommendation.objects.exclude(status="unanswered").count()
            )
            assert Notice.objects.overdue().filter(escalated_at__isnull=False).count() == 1
            assert Notice.objects.filter(acknowledged_at__isnull=False).count() == 1
            assert Notice.objects.count() == 3
            assert ReferralEvent.objects.filter(
                from_status="rejected", to_status="received"
            ).exists()
            # Again: nothing more.
            follow_up_demo.seed(out)
            assert Notice.objects.count() == 3
