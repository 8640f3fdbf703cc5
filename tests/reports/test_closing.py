"""The council report counts why requests were closed: referrals withdrawn
and completed, applications closed and stays ended, per reason category,
with small numbers suppressed."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import translation

from reports.figures import closing
from reports.period import Period
from tests import factories

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
Q1 = Period(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


@pytest.fixture
def withdrawn(coordinator, home_service, service_user):
    """Six referrals withdrawn in February: five no longer needed, one other."""
    with time_machine.travel(datetime.datetime(2026, 2, 3, 10, tzinfo=OSLO), tick=False):
        dps = factories.dps_for(service_user.home_municipality, name="DPS Indre Sogn")
        intake = factories.member_of(dps, role="intake", username="inntak")
        referrals = []
        for n in range(6):
            referral = factories.make_referral(
                "sent",
                sender_user=coordinator,
                receiver_user=intake,
                sender=home_service,
                receiver=dps,
                service_user=service_user,
            )
            reason = "no_longer_needed" if n < 5 else "other"
            referral.withdraw(
                by=coordinator,
                withdrawal_reason=reason,
                note="Anna hjelp.",
                version=referral.version,
            )
            referrals.append(referral)
    return referrals


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def texts(table):
    return {row.label: row.cells[0].text for row in table.table.rows}


def test_the_withdrawals_are_counted_per_reason_and_small_counts_are_suppressed(withdrawn):
    section = closing.build(Q1)
    table = section.tables[0]
    counts = texts(table)
    assert counts["Other"] == "<5"
    assert counts["The person moved"] == "0"
    # 5 + "<5" = 6 would give the small one away: the 5 is withheld (":") too.
    assert counts["No longer needed"] == ":"
    assert table.totals[0].text in ("6", ":")


def test_a_period_without_them_counts_nothing(withdrawn):
    section = closing.build(Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)))
    assert set(texts(section.tables[0]).values()) == {"0"}
