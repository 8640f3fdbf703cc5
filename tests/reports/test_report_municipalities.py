"""The council report lists the municipalities as they were at the end of its
period: the nine of 2019, today's seven from 2020, with what merged
municipalities paid summed into their successor."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from municipalities import classification
from municipalities.models import Municipality
from reports.figures import build_report
from reports.figures.capacity import _bed_days_table, municipalities_in_report
from reports.figures.economy import private_purchases, split
from reports.pdf import render_html
from reports.period import Period
from tests import factories

pytestmark = pytest.mark.django_db

d = datetime.date
NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)
NINE = [
    "Aurland",
    "Balestrand",
    "Hemsedal",
    "Leikanger",
    "Luster",
    "Lærdal",
    "Sogndal",
    "Vik",
    "Årdal",
]
SEVEN = ["Aurland", "Hemsedal", "Luster", "Lærdal", "Sogndal", "Vik", "Årdal"]
POPULATION = {"1418": 1300, "1419": 2300, "1420": 8000, "4640": 11600}


@pytest.fixture
def region(db):
    return classification.apply(Municipality, populations=POPULATION)


@pytest.fixture
def residence(region):
    organisation = factories.ResidenceOrganisationFactory(municipality=region["4642"])
    residence = factories.residence_with_places(ordinary=2, organisation=organisation)
    residence.organisation.catchment.set(region.values())
    for year in (2019, 2020):
        factories.CostKeyFactory(residence=residence, year=year, budget=10_000_000)
    return residence


@pytest.fixture
def leikanger_stay(region, residence):
    """Paid by Leikanger from 1.10.2019 and still running."""
    person = factories.ServiceUserFactory(home_municipality=region["1419"])
    return factories.StayFactory(
        service_user=person,
        place=residence.places.first(),
        paying_municipality=region["1419"],
        start=d(2019, 10, 1),
    )


@pytest.fixture
def leikanger_purchase(region):
    person = factories.ServiceUserFactory(home_municipality=region["1419"])
    return factories.PrivatePurchaseFactory(
        service_user=person, municipality=region["1419"], start_date=d(2019, 7, 1), daily_cost=1000
    )


def _report(period):
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        return build_report(period)


def test_a_report_for_2019_lists_the_nine_municipalities_of_then(region):
    assert _report(Period.year(2019)).municipalities == NINE


def test_a_report_for_this_year_lists_today_s_seven(region):
    assert _report(Period.year(2026)).municipalities == SEVEN


def test_a_report_for_2020_says_whose_figures_are_counted_in_sogndal(region):
    merged = _report(Period.year(2020)).merged
    assert (
        "Figures for Balestrand (1418), Leikanger (1419), Sogndal (1420) "
        "are counted in Sogndal (4640)." in merged
    )
    assert "Figures for Hemsedal (0618) are counted in Hemsedal (3042)." in merged


def test_the_first_page_of_2019_names_balestrand_and_leikanger(residence):
    html = render_html(_report(Period.year(2019)), "en")
    title_page = html.split('<nav class="contents">')[0]
    assert "The 9 participating municipalities" in title_page
    assert "<li>Balestrand</li>" in title_page and "<li>Leikanger</li>" in title_page


def test_the_first_page_of_2020_names_seven_and_the_merger(residence):
    html = render_html(_report(Period.year(2020)), "en")
    title_page = html.split('<nav class="contents">')[0]
    assert "The 7 participating municipalities" in title_page
    assert "<li>Leikanger</li>" not in title_page
    assert "are counted in Sogndal (4640)" in title_page


def test_bed_days_paid_by_leikanger_count_for_leikanger_in_2019_and_sogndal_in_2020(
    region, residence, leikanger_stay
):
    def nights(period, name):
        table = _bed_days_table(period, list(municipalities_in_report(period)), residence)
        return next(cells[0].value for label, cells, _extra in table.rows if label == name)

    with time_machine.travel(NOW, tick=False):
        assert nights(Period.year(2019), "Leikanger") == 92
        assert nights(Period.year(2019), "Sogndal") == 0
        assert nights(Period.year(2020), "Sogndal") == 366


def test_private_purchases_of_a_merged_municipality_are_summed_into_its_successor(
    region, leikanger_purchase
):
    with time_machine.travel(NOW, tick=False):
        in_2019 = private_purchases(Period.year(2019))
        in_2020 = private_purchases(Period.year(2020))
    assert in_2019[region["1419"].pk].days == 184
    assert in_2020[region["4640"].pk].days == 366
    assert region["1419"].pk not in in_2020


def test_the_fixed_part_is_split_among_the_nine_in_2019_and_the_seven_in_2020(region, residence):
    with time_machine.travel(NOW, tick=False):
        before, after = split(Period.year(2019), residence), split(Period.year(2020), residence)
    assert sorted(s.municipality.name for s in before.shares) == NINE
    assert sorted(s.municipality.name for s in after.shares) == SEVEN
    leikanger = next(s for s in before.shares if s.municipality.number == "1419")
    sogndal = next(s for s in after.shares if s.municipality.number == "4640")
    population_2019 = sum(m.population for m in Municipality.objects.valid_on(d(2019, 6, 1)))
    assert leikanger.fixed_cost == round(Decimal(3_000_000) * 2300 / population_2019)
    population_2020 = sum(m.population for m in Municipality.objects.valid_on(d(2020, 6, 1)))
    assert sogndal.fixed_cost == round(Decimal(3_000_000) * 11600 / population_2020)
    # The whole budget is allocated in both years (each share rounded to whole kroner).
    for cost in (before, after):
        assert abs(sum(s.total for s in cost.shares) - 10_000_000) <= len(cost.shares)
