"""The benchmark command reports timings and the query count; it never judges them."""

import io
import re

import pytest
from django.core.management import CommandError, call_command


def test_it_reports_the_median_spread_and_query_count_of_each_part(report_world):
    out = io.StringIO()
    call_command("bench_council_report", "--year=2025", "--quarter=1", "--runs=2", stdout=out)
    text = out.getvalue()
    assert "Council report 01.01.2025–31.03.2025, 2 run(s), language nn" in text
    assert "run 2: figures" in text
    assert re.search(r"Figures \(database and charts\): median [\d.]+ s, min .* \(spread", text)
    assert re.search(r"Whole PDF \(figures, layout, writing\): median [\d.]+ s", text)
    # Two runs of the same period take the same number of queries: one figure.
    assert re.search(r"Queries to build the figures: \d+ \((sqlite|postgresql)\)", text)


def test_it_refuses_zero_runs(db):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("bench_council_report", "--year=2025", "--runs=0", stdout=io.StringIO())
