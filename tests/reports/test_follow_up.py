"""The council report's follow-up of returns: the share of recommendations
answered within 14 days and done within 3 months per kind of unit that
wrote them, with small numbers suppressed."""

import datetime
import zoneinfo

import pytest
import time_machine

from referrals.recommendations import Recommendation
from reports.figures.follow_up import follow_up_table
from reports.period import Period
from tests import factories

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
WRITTEN = datetime.datetime(2025, 2, 3, 10, 0, tzinfo=OSLO)


@pytest.fixture
def items(service_user, home_service, coordinator):
    """15 items from the DPS: 9 answered within 14 days (5 of them done
    within 3 months), 1 answered after 20 days, 5 never."""
    with time_machine.travel(WRITTEN, tick=False) as clock:
        dps = factories.dps_for(service_user.home_municipality, name="DPS Indre Sogn")
        intake = factories.member_of(dps, role="intake", username="inntak")
        referral = factories.make_referral(
            "started",
            sender_user=coordinator,
            receiver_user=intake,
            service_user=service_user,
            sender=home_service,
            receiver=dps,
        )
        referral.complete(
            by=intake,
            completion_reason="finished",
            recommendations=[{"text": f"Tilråding {n}"} for n in range(15)],
            version=referral.version,
        )
        listed = list(referral.recommendation_items.order_by("position"))
        clock.shift(datetime.timedelta(days=3))
        for item in listed[:9]:
            item.answer(by=coordinator, status="planned")
        clock.shift(datetime.timedelta(days=17))
        listed[9].answer(by=coordinator, status="in_progress")
        clock.shift(datetime.timedelta(days=30))
        for item in listed[:5]:
            item.answer(by=coordinator, status="done")
    return listed


Q1 = Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))


def rows_of(table):
    return {
        row.label: (row, extra) for row, extra in zip(table.table.rows, table.extra, strict=True)
    }


def test_the_shares_answered_in_14_days_and_done_in_3_months_per_writer_kind(items):
    table = follow_up_table(Q1)
    dps, (answered, done) = next(v for k, v in rows_of(table).items() if "DPS" in k)
    assert [c.text for c in dps.cells] == ["9", "6"] and dps.total.text == "15"
    assert answered.text == "60 %"
    # 5 of 15 done: the complement 10 is not small, so it is shown.
    assert done.text == "33 %"


def test_a_small_count_is_suppressed_and_so_is_what_would_reveal_it(items):
    bup = factories.bup_for(items[0].referral.service_user.home_municipality, name="Sogndal BUP")
    back = factories.ReferralFactory(
        service_user=items[0].referral.service_user,
        sender=bup,
        receiver=items[0].referral.sender,
        kind="return",
    )
    with time_machine.travel(WRITTEN, tick=False):
        Recommendation.add_to(back, [{"text": "A"}, {"text": "B"}])
    rows = rows_of(follow_up_table(Q1))
    bup_row, bup_shares = next(v for k, v in rows.items() if "BUP" in k)
    assert bup_row.total.text == "<5"
    assert all(cell.suppressed for cell in bup_shares)
    # The DPS's unanswered count would give BUP's away through the column total.
    dps_row, dps_shares = next(v for k, v in rows.items() if "DPS" in k)
    assert dps_row.cells[1].suppressed and dps_shares[0].suppressed


def test_an_empty_period_shows_nothing_suppressed(items):
    table = follow_up_table(Period(datetime.date(2024, 1, 1), datetime.date(2024, 3, 31)))
    assert all(row.total.value == 0 for row in table.table.rows)
