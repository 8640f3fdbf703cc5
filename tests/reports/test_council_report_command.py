"""python manage.py council_report --from --to --output FILE.pdf [--language]"""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader


def test_it_writes_a_pdf_and_shows_its_progress(report_world, tmp_path):
    target = tmp_path / "rapport.pdf"
    out = io.StringIO()
    call_command(
        "council_report",
        "--from",
        "2025-01-01",
        "--to",
        "2025-03-31",
        "--output",
        str(target),
        stdout=out,
    )
    reader = PdfReader(target)
    assert len(reader.pages) >= 4
    assert "Metodenotat" in reader.pages[-1].extract_text()
    shown = out.getvalue()
    assert "01.01.2025–31.03.2025 (nn)" in shown
    assert "economy" in shown and "writing the PDF" in shown
    assert f"Wrote {target}" in shown


def test_it_writes_english_on_request(report_world, tmp_path):
    target = tmp_path / "report.pdf"
    call_command(
        "council_report",
        "--from=2025-01-01",
        "--to=2025-03-31",
        f"--output={target}",
        "--language=en",
        stdout=io.StringIO(),
    )
    assert "Method note" in PdfReader(target).pages[-1].extract_text()


def test_it_refuses_a_period_that_ends_before_it_starts(db, tmp_path):
    target = tmp_path / "report.pdf"
    with pytest.raises(CommandError, match="--to"):
        call_command(
            "council_report",
            "--from=2025-03-31",
            "--to=2025-01-01",
            f"--output={target}",
            stdout=io.StringIO(),
        )
    assert not target.exists()
