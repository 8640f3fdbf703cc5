"""python manage.py bench_council_report --year 2025 --runs 5

How long the council report takes to build on the data in the database: the
figures alone (database and charts) and the whole PDF (figures, template,
WeasyPrint), each run timed separately, with the queries the figures take.
A measurement, not a test: it never fails on a slow machine.
"""

from __future__ import annotations

import logging
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from bops.formats import format_date
from reports.figures import build_report
from reports.management.councils import council_option
from reports.pdf import LANGUAGES, render_pdf
from reports.period import Period


def _summary(seconds: list[float]) -> str:
    median = statistics.median(seconds)
    spread = max(seconds) - min(seconds)
    return (
        f"median {median:.2f} s, min {min(seconds):.2f} s, max {max(seconds):.2f} s "
        f"(spread {spread:.2f} s)"
    )


class Command(BaseCommand):
    help = "Time building a year's council report: figures, queries and the whole PDF."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, choices=(1, 2, 3, 4))
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--language", choices=LANGUAGES, default="nn")
        parser.add_argument(
            "--council", help="the council (id or name) whose region; default every municipality"
        )

    def handle(self, *args, year, quarter, runs, language, council=None, **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        council = council_option(council)
        period = Period.quarter(year, quarter) if quarter else Period.year(year)
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        self.stdout.write(
            f"Council report {format_date(period.start)}–{format_date(period.end)}, "
            f"{runs} run(s), language {language}, "
            f"{council.name if council else 'every municipality'}"
        )
        # One untimed run: imports, fonts and matplotlib's caches are warm after it.
        render_pdf(period, language, council=council)

        figures, pdfs, queries, size = [], [], set(), 0
        for run in range(1, runs + 1):
            with translation.override(language):
                began = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    build_report(period, council=council)
                figures.append(time.perf_counter() - began)
            queries.add(len(captured.captured_queries))
            began = time.perf_counter()
            pdf = render_pdf(period, language, council=council)
            pdfs.append(time.perf_counter() - began)
            size = len(pdf)
            self.stdout.write(f"  run {run}: figures {figures[-1]:.2f} s, PDF {pdfs[-1]:.2f} s")

        self.stdout.write(f"Figures (database and charts): {_summary(figures)}")
        self.stdout.write(f"Whole PDF (figures, layout, writing): {_summary(pdfs)}")
        self.stdout.write(
            f"Queries to build the figures: {', '.join(str(q) for q in sorted(queries))}"
            f" ({connection.vendor})"
        )
        self.stdout.write(f"PDF size: {size // 1024} KiB")
