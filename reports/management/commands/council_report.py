"""python manage.py council_report --from 2025-01-01 --to 2025-12-31 --output report.pdf"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bops.formats import format_date
from reports.forms import PeriodForm
from reports.management.councils import council_option
from reports.pdf import LANGUAGES, render_pdf

STEPS = {
    "summary": "summary",
    "residences": "the residences (capacity, waiting list, cost key)",
    "flows": "referral flows",
    "economy": "economy",
    "html": "laying out the pages",
    "pdf": "writing the PDF",
}


class Command(BaseCommand):
    help = "Write the council report for a period as a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("--output", required=True, help="the PDF file to write")
        parser.add_argument("--language", choices=LANGUAGES, default="nn")
        parser.add_argument(
            "--council", help="the council (id or name) whose region; default every municipality"
        )

    def handle(self, *args, start, end, output, language, council=None, **options):
        council = council_option(council)
        # The same validation as the form in the browser: one set of rules.
        form = PeriodForm({"from": start, "to": end, "language": language})
        if not form.is_valid():
            messages = [f"--{name}: {' '.join(errors)}" for name, errors in form.errors.items()]
            raise CommandError("\n".join(messages))
        period = form.period
        verbosity = options.get("verbosity", 1)
        # WeasyPrint reports each layout step at INFO; our own steps are enough.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        began = time.perf_counter()

        def progress(step: str) -> None:
            if verbosity:
                self.stdout.write(f"  {STEPS.get(step, step)} …")

        if verbosity:
            self.stdout.write(
                f"Council report {format_date(period.start)}–{format_date(period.end)} ({language})"
            )
        pdf = render_pdf(period, language, progress=progress, council=council)
        path = Path(output)
        try:
            path.write_bytes(pdf)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc}") from exc
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Wrote {path} ({len(pdf) // 1024} KiB) in {time.perf_counter() - began:.1f} s"
                )
            )
