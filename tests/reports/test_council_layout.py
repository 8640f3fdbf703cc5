"""The council PDF as laid out on paper: no table past the right margin, the
symbols explained on the first page that uses them, and every page saved as
an image in artifacts/council-pdf/ to look at."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from weasyprint.formatting_structure import boxes

from reports.pdf import render_document, render_pdf
from reports.period import Period
from tests.reports.conftest import Q1_2025

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "council-pdf"


def tables_past_the_margin(document) -> list[str]:
    late = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        for box in page_box.descendants():
            if isinstance(box, boxes.TableBox | boxes.TableCellBox):
                edge = box.border_box_x() + box.border_width()
                if edge > right + 0.5:
                    late.append(f"page {number}: {box.element_tag} ends {edge - right:.0f} px late")
    return late


@pytest.mark.parametrize("language", ["nn", "nb", "en"])
def test_no_table_runs_past_the_right_margin(report_world, language):
    document = render_document(Period(*Q1_2025), language)
    assert tables_past_the_margin(document) == []


def test_the_symbols_are_explained_on_the_first_page_that_uses_them(report_world):
    pages = [
        page.extract_text()
        for page in PdfReader(io.BytesIO(render_pdf(Period(*Q1_2025), "en"))).pages
    ]
    first_use = next(i for i, text in enumerate(pages[2:], start=2) if "<5" in text)
    key = next(i for i, text in enumerate(pages) if "a count from 1 to 4" in text)
    assert key <= first_use
    assert "nothing to count" in pages[key]
    assert "work out a hidden count" in pages[key]


def test_the_pages_are_saved_as_images_to_look_at(report_world):
    pdfium = pytest.importorskip("pypdfium2")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = pdfium.PdfDocument(render_pdf(Period(*Q1_2025)))
    for index in range(len(pdf)):
        pdf[index].render(scale=1.2).to_pil().save(ARTIFACTS / f"page-{index + 1:02d}.png")
    assert len(list(ARTIFACTS.glob("page-*.png"))) >= len(pdf)
