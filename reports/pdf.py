"""The council report as a PDF: figures -> Django template -> WeasyPrint.

Everything the PDF needs is on disk in the project (stylesheet, fonts); the
charts are inline SVG. The URL fetcher allows only file: and data: URLs and
fails on a missing file, so a PDF is never silently drawn in a fallback font.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from reports.figures import CouncilReport, build_report
from reports.period import Period

LANGUAGES = ("nn", "nb", "en")
DEFAULT_LANGUAGE = "nn"


def _stylesheet_path() -> str:
    path = finders.find("css/report.css")
    if not path:
        raise FileNotFoundError("static/css/report.css is missing")
    return path


def render_html(report: CouncilReport, language: str = DEFAULT_LANGUAGE) -> str:
    with translation.override(language):
        return render_to_string("reports/council.html", {"report": report})


def render_pdf(
    period: Period,
    language: str = DEFAULT_LANGUAGE,
    progress=None,
    council=None,
) -> bytes:
    """The whole report for `period` in `language` ("nn", "nb" or "en") as PDF
    bytes, for `council`'s region (every municipality without one).

    `progress(text)` is told about each step (the management command prints it).
    """
    document = render_document(period, language, progress, council)
    if progress:
        progress("pdf")
    # Tagged PDF: screen readers get headings, tables and the charts' alt texts.
    return document.write_pdf(pdf_tags=True)


def render_document(period: Period, language: str = DEFAULT_LANGUAGE, progress=None, council=None):
    """The laid-out pages (a WeasyPrint Document): what the PDF is written from,
    and what the layout tests measure (no table past the right margin)."""
    import weasyprint

    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    with translation.override(language):
        report = build_report(period, progress=progress, council=council)
        if progress:
            progress("html")
        html = render_html(report, language)
    from weasyprint.text.fonts import FontConfiguration

    stylesheet = _stylesheet_path()
    fetcher = weasyprint.URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    font_config = FontConfiguration()  # holds the @font-face fonts for this document
    css = weasyprint.CSS(filename=stylesheet, url_fetcher=fetcher, font_config=font_config)
    document = weasyprint.HTML(string=html, base_url=stylesheet, url_fetcher=fetcher)
    return document.render(stylesheets=[css], font_config=font_config, pdf_tags=True)
