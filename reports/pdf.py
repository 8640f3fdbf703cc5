"""The council report as a PDF: figures -> Django template -> WeasyPrint.

Everything the PDF needs is on disk in the project (stylesheet, fonts); the
charts are inline SVG. The URL fetcher allows only file: and data: URLs and
fails on a missing file, so a PDF is never silently drawn in a fallback font.
"""

from __future__ import annotations

import atexit
import os
import threading

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from bops import collector
from reports.figures import CouncilReport, build_report
from reports.period import Period

LANGUAGES = ("nn", "nb", "en")
DEFAULT_LANGUAGE = "nn"


def _stylesheet_path() -> str:
    path = finders.find("css/report.css")
    if not path:
        raise FileNotFoundError("static/css/report.css is missing")
    return path


# The parsed stylesheet, its fonts and the URL fetcher, made once per thread and
# kept for the next report. Making them costs a Fontconfig set-up of the
# system's fonts, copying and registering the four font files, parsing the CSS
# and an SSL context, every report. One per thread, because WeasyPrint's font
# configuration (a Pango font map) is not safe to share between threads.
_prepared = threading.local()
# Dropped before the interpreter tears down the modules a FontConfiguration
# needs to remove its font folder.
atexit.register(lambda: vars(_prepared).clear())


def _prepared_style():
    """(stylesheet path, parsed stylesheet, font configuration, URL fetcher)
    for this thread."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    path = _stylesheet_path()
    key = (path, os.stat(path).st_mtime_ns)  # an edited stylesheet is read again
    cached = getattr(_prepared, "style", None)
    if cached is None or cached[0] != key:
        fetcher = weasyprint.URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
        font_config = FontConfiguration()  # holds the @font-face fonts
        css = weasyprint.CSS(filename=path, url_fetcher=fetcher, font_config=font_config)
        _prepared.style = cached = (key, css, font_config, fetcher)
    return path, *cached[1:]


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
    # Python's cycle collector runs less often while a report is laid out and
    # written: WeasyPrint makes about a million small objects for a regional
    # report and keeps every page's boxes until the PDF is written; with the
    # default thresholds the collector walked that growing heap some 250
    # times a report (0.3-0.5 s of a 2 s report).
    with collector.fewer_collections():
        document = render_document(period, language, progress, council)
        if progress:
            progress("pdf")
        # Tagged PDF: screen readers get headings, tables and the charts' alt texts.
        pdf = document.write_pdf(pdf_tags=True)
        del document
    return pdf


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
    stylesheet, css, font_config, fetcher = _prepared_style()
    document = weasyprint.HTML(string=html, base_url=stylesheet, url_fetcher=fetcher)
    return document.render(stylesheets=[css], font_config=font_config, pdf_tags=True)
