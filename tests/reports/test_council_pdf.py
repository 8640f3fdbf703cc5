"""The council report PDF, generated with the real WeasyPrint and read back with pypdf:
its numbers equal aggregates computed here independently, small counts are hidden,
and nothing about a person is in it."""

import datetime
import io
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from municipalities.models import PrivatePurchase, ServiceUser
from reports.pdf import render_pdf
from reports.period import Period
from tests.reports.conftest import Q1_2025, buy


def pdf_text(pdf: bytes) -> list[str]:
    """Each page's text with every kind of space made a plain one."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        text = page.extract_text() or ""
        text = re.sub(r"\s+", " ", text)
        pages.append(text)
    return pages


def grouped(n: int) -> str:
    """Grouping by space in every language ("12 345 kr"), as the report prints it
    (whitespace in the extracted text is normalised to plain spaces)."""
    return f"{n:,}".replace(",", " ")


def expected_purchases(start: datetime.date, end: datetime.date) -> dict[str, dict]:
    """Per municipality name: people, days and cost within [start, end], worked out
    directly from the rows."""
    result: dict[str, dict] = {}
    for purchase in PrivatePurchase.objects.select_related("municipality"):
        first = max(purchase.start_date, start)
        last = min(purchase.end_date or end, end)
        days = (last - first).days + 1
        if days <= 0:
            continue
        entry = result.setdefault(
            purchase.municipality.name, {"people": set(), "days": 0, "cost": 0}
        )
        entry["people"].add(purchase.service_user_id)
        entry["days"] += days
        entry["cost"] += days * purchase.daily_cost
    return result


@pytest.fixture
def q1_pdf(report_world):
    with time_machine.travel(datetime.datetime(2025, 4, 7, 8, 30, tzinfo=datetime.UTC)):
        return render_pdf(Period(*Q1_2025), "en")


@pytest.fixture
def q1_text(q1_pdf):
    return pdf_text(q1_pdf)


def test_the_title_page_names_the_period_and_the_nine_municipalities(q1_text):
    first = q1_text[0]
    assert "01.01.2025–31.03.2025" in first
    for name in (
        "Aurland",
        "Balestrand",
        "Hemsedal",
        "Leikanger",
        "Luster",
        "Lærdal",
        "Sogndal",
        "Vik",
        "Årdal",
    ):
        assert name in first
    assert "9 participating municipalities" in first
    assert "Generated 07.04.2025 10:30" in first  # Oslo time
    # A quarter is compared with the quarter before, never with the 90 days before.
    assert "Compared with 01.10.2024–31.12.2024" in first


def test_private_purchases_per_municipality_equal_the_database(q1_text):
    expected = expected_purchases(*Q1_2025)
    economy = next(page for page in q1_text if "Private purchases per municipality" in page)
    lærdal = expected["Lærdal"]
    assert len(lærdal["people"]) == 12
    assert f"Lærdal 12 {grouped(lærdal['days'])} {grouped(lærdal['cost'])} kr" in economy
    # Aurland has 3 people: "<5". Sogndal's 7 is hidden too (":"), or the total
    # 22 minus 12 minus 7 would give Aurland's 3 away. Their days and kroner are
    # hidden with them: cost / days would be one of three persons' daily price.
    assert "Aurland <5 : : " in economy
    assert "Sogndal : : : " in economy
    people = sum(len(e["people"]) for e in expected.values())
    days = sum(e["days"] for e in expected.values())
    cost = sum(e["cost"] for e in expected.values())
    assert people == 22
    assert f"All municipalities {people} {grouped(days)} {grouped(cost)} kr" in economy
    # Purchases that ended before the quarter or start after it count as nothing.
    assert "Vik 0 0 0 kr" in economy
    assert "Luster 0 0 0 kr" in economy


def test_the_summary_compares_private_purchases_with_the_previous_period(q1_text):
    now = sum(e["cost"] for e in expected_purchases(*Q1_2025).values())
    previous = Period(*Q1_2025).previous()
    assert previous == Period(datetime.date(2024, 10, 1), datetime.date(2024, 12, 31))
    before = sum(e["cost"] for e in expected_purchases(previous.start, previous.end).values())
    summary = next(page for page in q1_text if "Summary" in page and "Private purchases" in page)
    assert f"{grouped(now)} kr" in summary
    assert f"Previous period: {grouped(before)} kr" in summary
    assert f"That is {grouped(now - before)} kr more than in the previous period" in summary


def test_no_name_or_identity_number_of_a_service_user_is_anywhere_in_the_pdf(q1_pdf, q1_text):
    text = " ".join(q1_text)
    people = list(ServiceUser.objects.all())
    assert len(people) == 24
    for person in people:
        for secret in (person.first_name, person.national_id, person.national_id[:6]):
            assert secret not in text
            assert secret.encode() not in q1_pdf
        assert person.last_name not in text  # "Syntetisk", the factories' surname
    assert "Privat omsorg" not in text  # the provider is not reported either


def test_every_section_is_filled_and_none_announces_figures_to_come(q1_text):
    text = " ".join(q1_text)
    for heading in ("Summary", "Flows", "Economy", "Method note"):
        assert heading in text
    assert "Figures still to come" not in text


def test_every_page_after_the_title_has_a_running_header_and_page_number(q1_text):
    total = len(q1_text)
    assert total >= 4
    assert "Page" not in q1_text[0]
    for number, page in enumerate(q1_text[1:], start=2):
        assert "BOPS · Report to the regional council" in page
        assert f"Page {number} of {total}" in page


def test_the_method_note_states_the_suppression_rule(q1_text):
    method = " ".join(q1_text[-2:])
    assert "Method note" in method
    assert "from 1 to 4 is shown as “<5”" in method
    assert "Secondary suppression" in method
    assert "whole months, quarters and years only" in method


def test_the_pdf_embeds_the_projects_own_font(q1_pdf):
    reader = PdfReader(io.BytesIO(q1_pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts
    assert all("Source-Sans-3" in name for name in fonts), fonts


def test_the_report_is_in_nynorsk_by_default_and_in_bokmal_on_request(report_world):
    period = Period(*Q1_2025)
    nynorsk = " ".join(pdf_text(render_pdf(period)))
    bokmal = " ".join(pdf_text(render_pdf(period, "nb")))
    assert "Metodenotat" in nynorsk
    assert "Private kjøp per kommune i perioden" in nynorsk
    assert "Side 2 av" in nynorsk
    assert "Metodenotat" in bokmal
    assert "Private kjøp per kommune i perioden" in bokmal
    assert "Samandrag" in nynorsk and "Sammendrag" in bokmal


@pytest.mark.parametrize("limit, aurland", [(5, r"<5 : :"), (3, r"3 \d")])
def test_the_threshold_setting_decides_what_is_hidden(report_world, settings, limit, aurland):
    settings.BOPS_SUPPRESSION_THRESHOLD = limit
    text = " ".join(pdf_text(render_pdf(Period(*Q1_2025), "en")))
    assert re.search(rf"Aurland {aurland}", text)


def test_building_the_figures_takes_the_same_queries_however_many_purchases(
    report_world, nine_municipalities, django_assert_max_num_queries
):
    from reports.figures import build_report

    period = Period(*Q1_2025)
    with CaptureQueriesContext(connection) as few:
        build_report(period)
    for _ in range(30):
        buy(nine_municipalities["Vik"], datetime.date(2025, 2, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        build_report(period)


def test_the_contents_give_each_sections_page(q1_text):
    contents = q1_text[1]
    # The page numbers come out of the PDF before the titles (they float right).
    numbers, titles = contents.split("Contents", 1)
    pages = [int(n) for n in numbers.split()]
    assert len(pages) == len(re.findall(r"\b\d+\. ", titles)) >= 8
    assert pages == sorted(pages) and pages[0] == 3
    assert q1_text[pages[0] - 1].find("Summary") != -1
    assert q1_text[pages[-1] - 1].find("Method note") != -1
