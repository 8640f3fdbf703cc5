"""The council reader's page: the design of the rest, a place in the menu,
what the report contains and the periods to open again."""

import datetime

import pytest
from django.urls import reverse

from reports.forms import PeriodForm, recent_periods

URL = reverse("reports:council")


@pytest.fixture
def page_for(client):
    def get(user, url=URL):
        client.force_login(user)
        return client.get(url).content.decode()

    return get


def test_the_date_fields_are_text_fields_for_dd_mm_yyyy(page_for, council_reader):
    body = page_for(council_reader)
    assert 'type="date"' not in body
    assert 'name="from"' in body and 'inputmode="numeric"' in body
    assert "dd.mm.åååå" in body


def test_a_period_typed_as_dd_mm_yyyy_is_accepted():
    form = PeriodForm({"from": "01.01.2025", "to": "31.03.2025"})
    assert form.is_valid(), form.errors
    assert form.period.start == datetime.date(2025, 1, 1)


def test_a_link_with_iso_dates_still_works():
    assert PeriodForm({"from": "2025-01-01", "to": "2025-03-31"}).is_valid()


def test_the_buttons_have_the_design_of_the_rest(page_for, council_reader):
    body = page_for(council_reader)
    assert body.count('<button type="submit" class="button">') == 2


def test_the_page_says_what_the_report_contains(page_for, council_reader):
    body = page_for(council_reader)
    assert "Kva rapporten inneheld" in body
    # One line per section the PDF has, in its order (reports.figures.SECTIONS).
    sections = (
        "Samandrag", "Kvart bufellesskap", "Flytar", "Oppfølging etter tilbakeføring",
        "Kvifor førespurnader vart lukka", "Individuelle planar", "Økonomi",
        "Felles tiltak og avtalar",
    )  # fmt: skip
    positions = [body.index(f"<strong>{section}</strong>") for section in sections]
    assert positions == sorted(positions)


def test_the_page_is_in_nynorsk_throughout(page_for, council_reader):
    body = page_for(council_reader)
    assert "Andre periodar" in body and "Other periods" not in body


def test_the_page_lists_earlier_periods_to_open_again(page_for, council_reader):
    body = page_for(council_reader)
    for period in recent_periods():
        assert f'href="?{period.query.replace("&", "&amp;")}"' in body


def test_the_last_whole_quarters_come_first():
    periods = recent_periods(datetime.date(2026, 2, 10))
    assert [p.query for p in periods] == [
        "year=2025&quarter=4",
        "year=2025&quarter=3",
        "year=2025&quarter=2",
        "year=2025&quarter=1",
        "year=2025",
    ]


def test_the_council_readers_menu_shows_the_report_and_no_people(page_for, council_reader):
    body = page_for(council_reader)
    menu = body[body.index('class="site-nav"') : body.index("</nav>")]
    assert reverse("reports:council") in menu
    assert reverse("municipalities:serviceuser_list") not in menu
    assert reverse("referrals:referral_list") not in menu


def test_a_coordinators_menu_has_people_and_no_report(page_for, coordinator):
    body = page_for(coordinator, reverse("home"))
    menu = body[body.index('class="site-nav"') : body.index("</nav>")]
    assert reverse("municipalities:serviceuser_list") in menu
    assert reverse("reports:council") not in menu


def test_the_administrators_dashboard_links_to_the_report(page_for, admin_user):
    body = page_for(admin_user, reverse("home"))
    main = body[body.index("<main") :]
    assert f'href="{reverse("reports:council")}"' in main
