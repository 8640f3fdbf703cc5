"""The council report's shared measures: the people who used each measure of
the catalogue per home municipality (through their plan or a referral to it),
with 1-4 suppressed, and the agreements due for review or out of date."""

import datetime
import zoneinfo

import pytest
from django.utils import translation

from catalogue.models import Agreement, Measure, PlanMeasureEntry
from referrals.choices import Kind
from referrals.models import Referral
from reports.figures import build_report
from reports.figures.measures import agreements_table, use_table
from reports.period import Period
from tests import factories
from tests.plans.factories import MeasureFactory, PlanFactory

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
Q1 = Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
d = datetime.date
IN_Q1 = d(2025, 1, 10)


@pytest.fixture
def fact_team(home, elsewhere):
    dps = factories.dps_for(home, elsewhere, name="DPS Indre Sogn")
    measure = Measure.objects.create(
        name="FACT-team Sogn",
        kind=Measure.Kind.FACT_TEAM,
        provider=dps,
        referral_kind=Kind.ASSESSMENT,
    )
    measure.municipalities.set([home, elsewhere])
    return measure


def in_plan(person, entry, start=IN_Q1, end=None, status="active"):
    plan = PlanFactory(service_user=person)
    measure = MeasureFactory(plan=plan, start=start, end=end, status=status)
    return PlanMeasureEntry.objects.create(plan_measure=measure, entry=entry)


def referred(person, receiver, sent=datetime.datetime(2025, 2, 3, 10, 0), kind=Kind.ASSESSMENT):
    referral = factories.ReferralFactory(service_user=person, receiver=receiver, kind=kind)
    Referral.objects.filter(pk=referral.pk).update(status="sent", sent_at=sent.replace(tzinfo=OSLO))
    return referral


def person(municipality):
    return factories.ServiceUserFactory(home_municipality=municipality)


def test_a_person_counts_once_per_measure_through_plan_or_referral_and_small_counts_hide(
    home, elsewhere, fact_team
):
    at_home = [person(home) for _ in range(6)]
    for p in at_home:
        in_plan(p, fact_team)
    # Both a plan measure and a referral: still one person.
    referred(at_home[0], fact_team.provider)
    # Only a referral: the seventh person in Lærdal.
    referred(person(home), fact_team.provider)
    # Two in Vik: a small count.
    referred(person(elsewhere), fact_team.provider)
    in_plan(person(elsewhere), fact_team, start=d(2024, 6, 1), end=d(2025, 1, 15), status="ended")
    # Not use in the period: ended before it, only planned, another kind, sent after it.
    in_plan(person(home), fact_team, start=d(2024, 1, 1), end=d(2024, 12, 31), status="ended")
    in_plan(person(home), fact_team, status="planned")
    referred(person(home), fact_team.provider, kind=Kind.ADVICE)
    referred(person(home), fact_team.provider, sent=datetime.datetime(2025, 4, 2, 9, 0))

    assert Measure.objects.use_in(Q1.start, Q1.end) == {fact_team.pk: {home.pk: 7, elsewhere.pk: 2}}
    with translation.override("en"):
        table = use_table(Q1)
    assert table.columns[:2] == [home.name, elsewhere.name]  # by name: Lærdal, Vik
    # Vik's 2 prints "<5"; Lærdal's 7 is hidden too, or 9 - 7 would give Vik away.
    assert table.table.texts() == [[":", "<5", "9"]]
    assert "Each person counts once per measure" in table.note


def test_a_measure_nobody_used_shows_zeros_and_a_municipality_of_five_shows_its_count(
    home, elsewhere, fact_team
):
    for _ in range(5):
        in_plan(person(home), fact_team)
    unused = Measure.objects.create(
        name="Dagaktivitet Lærdal", kind=Measure.Kind.DAY_ACTIVITY, provider=fact_team.provider
    )
    table = use_table(Q1)
    texts = dict(zip([r.label for r in table.table.rows], table.table.texts(), strict=True))
    assert texts == {unused.name: ["0", "0", "0"], fact_team.name: ["5", "0", "5"]}


def test_agreements_due_for_review_and_out_of_date_count_on_the_periods_last_day(db):
    def agreement(title, **dates):
        return Agreement.objects.create(
            title=title, kind=Agreement.Kind.COOPERATION, valid_from=d(2024, 1, 1), **dates
        )

    agreement("Snart revisjon", next_review=d(2025, 5, 1))  # 31 days after 31.03.
    agreement("Revisjon om lenge", next_review=d(2025, 9, 1))
    agreement("Forsømt revisjon", next_review=d(2025, 3, 1))
    agreement("Gått ut i perioden", valid_to=d(2025, 2, 1))
    agreement("Gått ut før perioden", valid_to=d(2024, 6, 30))
    table = agreements_table(Q1)
    # One agreement is a count shown as itself: agreements name no one.
    assert table.table.texts() == [["1"], ["2"]]


def test_the_report_has_the_shared_measures_section(home, fact_team):
    in_plan(person(home), fact_team)
    report = build_report(Q1)
    section = next(s for s in report.sections if s.key == "measures")
    use, agreements = section.tables
    assert use.table.texts() == [["<5", "0", "<5"]]
    assert len(agreements.table.rows) == 2
