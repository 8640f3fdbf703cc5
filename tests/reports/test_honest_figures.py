"""A report for a period reaching into the future counts only the days that
have happened: it is cut at today, and its first page says so."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from reports.figures import build_report, waiting
from reports.figures.capacity import _bed_days_table
from reports.figures.economy import private_purchases, split
from reports.forms import PeriodForm
from reports.pdf import render_html
from reports.period import Period, PeriodNotBegun
from tests import factories

pytestmark = pytest.mark.django_db

d = datetime.date
# 15.6.2026 at noon in Norway.
MIDSUMMER = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)
TODAY = d(2026, 6, 15)
YEAR = Period.year(2026)


@pytest.fixture
def residence(db):
    residence = factories.residence_with_places(ordinary=2)
    factories.CostKeyFactory(residence=residence, year=2026, budget=36_500_000)
    return residence


@pytest.fixture
def lærdal(residence):
    municipality = factories.MunicipalityFactory(number="4642", name="Lærdal", population=2000)
    residence.organisation.catchment.add(municipality)
    return municipality


def test_a_year_that_has_not_ended_is_cut_at_today():
    cut = YEAR.cut_at(TODAY)
    assert (cut.start, cut.end, cut.asked_end) == (d(2026, 1, 1), TODAY, d(2026, 12, 31))
    assert cut.is_cut and cut.days == 166


def test_a_period_that_has_ended_is_not_cut():
    assert not Period.year(2025).cut_at(TODAY).is_cut


def test_a_period_that_has_not_begun_cannot_be_reported():
    with pytest.raises(PeriodNotBegun):
        Period.quarter(2026, 3).cut_at(TODAY)


def test_a_cut_period_is_compared_with_the_same_stretch_a_year_before():
    assert YEAR.cut_at(TODAY).previous() == Period(d(2025, 1, 1), d(2025, 6, 15))


def test_bed_days_of_a_stay_still_running_count_only_the_nights_until_today(residence, lærdal):
    person = factories.ServiceUserFactory(home_municipality=lærdal)
    place = residence.places.first()
    factories.StayFactory(service_user=person, place=place, start=d(2026, 6, 1))
    with time_machine.travel(MIDSUMMER, tick=False):
        report = build_report(YEAR)
        table = _bed_days_table(report.period, [lærdal], residence)
    assert report.period.end == TODAY
    nights = next(cells for label, cells, _extra in table.rows if label == "Lærdal")[0]
    assert nights.value == 15  # the days 1.6. to 15.6., not to 31.12. (214)


def test_the_cost_is_the_budget_of_the_days_that_have_happened(residence, lærdal):
    person = factories.ServiceUserFactory(home_municipality=lærdal)
    factories.PrivatePurchaseFactory(service_user=person, start_date=d(2026, 6, 6), daily_cost=1000)
    with time_machine.travel(MIDSUMMER, tick=False):
        period = build_report(YEAR).period
        cost = split(period, residence)
        bought = private_purchases(period)
    assert cost.budget == 166 * 100_000  # 36.5 million a year is 100 000 a day
    assert bought[lærdal.pk].cost == 10 * 1000  # 6.6. to 15.6.


def test_the_waiting_list_at_the_end_of_the_period_is_today_s(residence, lærdal):
    person = factories.ServiceUserFactory(home_municipality=lærdal)
    # Admitted on a date after today: on the list today, gone by 31.12.
    factories.ApplicationFactory(
        residence=residence,
        service_user=person,
        applied_on=d(2026, 5, 1),
        admitted_on=d(2026, 7, 1),
        status="admitted",
    )
    with time_machine.travel(MIDSUMMER, tick=False):
        report = build_report(YEAR)
        assert sum(waiting.waiting_by_priority(report.period.end).values()) == 1
        assert sum(waiting.waiting_by_priority(YEAR.end).values()) == 0


def test_the_first_page_says_the_period_was_cut_at_today(residence):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = render_html(build_report(YEAR), "en")
    title_page = html.split('<nav class="contents">')[0]
    assert "01.01.2026–15.06.2026" in title_page
    assert "The period asked for runs to 31.12.2026" in title_page
    assert "The figures run to today, 15.06.2026" in title_page


def test_a_period_that_has_ended_has_no_such_note(residence):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = render_html(build_report(Period.year(2025)), "en")
    assert "The period asked for" not in html


def test_the_form_refuses_a_period_that_has_not_begun():
    with time_machine.travel(MIDSUMMER, tick=False):
        form = PeriodForm({"from": "2026-07-01", "to": "2026-09-30"})
        assert not form.is_valid()
    assert "01.07.2026" in form.errors["from"][0]


def test_the_council_reader_gets_the_form_again_for_a_period_that_has_not_begun(
    client, council_reader
):
    client.force_login(council_reader)
    with time_machine.travel(MIDSUMMER, tick=False):
        response = client.get(reverse("reports:council"), {"year": 2027})
    assert response.status_code == 400
    assert "year" in response.context["form"].errors
