"""Issue 18: the council report has one section per residence of the region,
each with its own occupancy, bed-days, stays, waiting list and cost key, read
back from the PDF with pypdf."""

import datetime

import pytest

from reports.pdf import render_pdf
from reports.period import Period
from tests import factories
from tests.reports.test_council_pdf import grouped, pdf_text

d = datetime.date
Q1 = Period.quarter(2025, 1)
INTRO = "How the places of this residence were used"


def _residence(name, municipality, places, catchment, budget):
    organisation = factories.ResidenceOrganisationFactory(
        name=f"Inntak {municipality.name}", municipality=municipality
    )
    organisation.catchment.set(catchment)
    residence = factories.residence_with_places(
        ordinary=places, name=name, organisation=organisation, municipality=municipality
    )
    factories.CostKeyFactory(residence=residence, year=2025, budget=budget)
    return residence


def _stays(residence, count, paid_by, start, end=None):
    for place in list(residence.places.order_by("pk"))[:count]:
        person = factories.ServiceUserFactory(home_municipality=paid_by)
        factories.StayFactory(
            service_user=person,
            place=place,
            paying_municipality=paid_by,
            start=start,
            end=end,
            end_reason="planned" if end else "",
        )


@pytest.fixture
def two_residences(nine_municipalities):
    m = nine_municipalities
    lærdal = _residence("Lærdal bufellesskap", m["Lærdal"], 6, m.values(), 36_500_000)
    sogndal = _residence("Sogndal bustad", m["Sogndal"], 5, [m["Sogndal"], m["Luster"]], 18_250_000)
    _stays(lærdal, 6, m["Lærdal"], d(2025, 1, 1), d(2025, 3, 1))  # 6 x 59 nights
    _stays(sogndal, 5, m["Sogndal"], d(2025, 2, 1))  # 5 x 59 nights, still running
    return lærdal, sogndal


def sections(pages: list[str], titles: list[str]) -> list[str]:
    """The text of each residence's section: from the page with its title and
    intro (each section starts on a new page) to the next section."""
    found = {title: "" for title in titles}
    current = None
    for page in pages:
        if INTRO in page:
            (current,) = [title for title in titles if title in page]
        elif "Referrals between the municipalities" in page:
            current = None
        if current:
            found[current] += page
    return [found[title] for title in titles]


def test_each_residence_of_the_region_has_its_own_section_with_its_own_figures(two_residences):
    pages = pdf_text(render_pdf(Q1, "en"))
    text = " ".join(pages)
    assert text.count(INTRO) == 2
    first, second = sections(pages, ["Lærdal bufellesskap", "Sogndal bustad"])
    # Sections in the order of the residences' names, each under its own title.
    assert text.index(first[:200]) < text.index(second[:200])

    assert "People served 6 " in first
    assert "Lærdal 354 100 %" in first  # bed-days and the share of them
    assert "All municipalities 354 100 %" in first
    assert f"Budget for the period {grouped(9_000_000)} kr" in first  # 36.5 m x 90 / 365
    assert "Sogndal 295" not in first

    assert "People served 5 " in second
    assert "Sogndal 295 100 %" in second
    assert "All municipalities 295 100 %" in second
    assert f"Budget for the period {grouped(4_500_000)} kr" in second
    # Its tables list the municipalities it serves or that pay, not all nine.
    assert "Aurland" not in second
    assert "Luster" in second


def test_the_summary_adds_the_residences_up(two_residences):
    pages = pdf_text(render_pdf(Q1, "en"))
    summary = next(page for page in pages if "Summary" in page and "People served" in page)
    assert "People served 11 " in summary
    assert "11 people lived in one of the residences" in summary
    # 649 of 11 places x 90 days are in use: 66 %.
    assert "Utilisation of the residences 66 %" in summary
    assert f"Cost per municipality {grouped(13_500_000)} kr" in summary
