"""The residence demo data: realistic use, a waiting list, idempotent."""

import datetime
import io

import pytest
import time_machine

from capacity import demo
from capacity.models import Application, CostKey, Residence, Stay
from capacity.occupancy import occupancy
from referrals.choices import Kind, Status
from tests import factories
from tests.shared_db import shared_rows


def _region():
    municipalities = [
        factories.MunicipalityFactory(name=name, number=number, population=population)
        for name, number, population in [
            ("Lærdal", "1422", 2100),
            ("Sogndal", "1420", 12000),
            ("Årdal", "1424", 5200),
        ]
    ]
    for municipality in municipalities:
        factories.OrganisationFactory(municipal_service_in=municipality)
    factories.OrganisationFactory(
        name="Bufellesskapet i Lærdal", kind="residence", municipality=municipalities[0]
    )
    for n in range(45):
        factories.ServiceUserFactory(home_municipality=municipalities[n % 3])
    return municipalities


AT = datetime.datetime(2026, 11, 22, 10, 0)


def test_the_demo_needs_a_residence_organisation(db):
    out = io.StringIO()
    demo.seed(out)
    assert "no residence organisation" in out.getvalue()
    assert not Residence.objects.exists()


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    with shared_rows(django_db_blocker), time_machine.travel(AT, tick=False):
        _region()
        demo.seed(io.StringIO())
        yield


@pytest.mark.django_db
class TestTheSeededDemo:
    """One seed of the residence demo (slow) for the tests that read it."""

    @time_machine.travel(AT, tick=False)
    def test_the_demo_keeps_the_residence_85_to_95_percent_full_for_two_years(self, seeded):
        residence = Residence.objects.get()
        assert residence.places_count == 20
        assert residence.places.filter(unit__kind="shielded").count() == 4
        today = datetime.date(2026, 11, 22)
        days = occupancy(residence, today - datetime.timedelta(days=729), today)
        use = sum(d.occupied for d in days) / sum(d.active_places for d in days)
        assert 0.85 <= use <= 0.95
        assert max(d.occupied for d in days) <= 20
        lengths = [s.bed_days(today) for s in Stay.objects.exclude(end=None)]
        assert min(lengths) >= 60 and max(lengths) > 365
        assert 6 <= Application.objects.open().count() <= 8
        # Made the way real ones are: an accepted admission referral, and one
        # offer waits for the coordinator's answer.
        assert Application.objects.filter(status=Application.Status.OFFERED).count() == 1
        assert not Application.objects.filter(events__isnull=True).exists()
        assert set(CostKey.objects.values_list("year", flat=True)) == {2024, 2025, 2026}

    @time_machine.travel(AT, tick=False)
    def test_the_demo_can_run_twice(self, seeded):
        counts = (Stay.objects.count(), Application.objects.count(), CostKey.objects.count())
        out = io.StringIO()
        demo.seed(out)
        assert (
            Stay.objects.count(),
            Application.objects.count(),
            CostKey.objects.count(),
        ) == counts
        assert "already has stays" in out.getvalue()

    @time_machine.travel(AT, tick=False)
    def test_every_demo_admission_referral_has_its_history(self, seeded):
        from referrals.models import Referral, ReferralEvent

        referrals = Referral.objects.filter(kind=Kind.ADMISSION)
        assert referrals.count() == Application.objects.count()
        assert not referrals.filter(events__isnull=True).exists()
        for application in Application.objects.select_related("referral", "stay"):
            steps = list(
                ReferralEvent.objects.filter(referral=application.referral).values_list(
                    "to_status", "at"
                )
            )
            statuses = [status for status, _at in steps]
            assert statuses[:3] == ["sent", "received", "accepted"]
            moments = [at for _status, at in steps]
            assert moments == sorted(moments)
            assert moments[-1] <= datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC)
            if application.stay is None:
                assert application.referral.status == Status.ACCEPTED
            elif application.stay.end is None:
                assert statuses[-1] == "started"
            else:
                assert statuses[-1] == "completed"
                assert moments[-1].date() == application.stay.end
