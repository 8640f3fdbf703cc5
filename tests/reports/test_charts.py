"""Charts: SVG from matplotlib in the report's own typeface; hidden counts get no bar."""

import datetime
import re

from django.utils import translation

from reports import charts
from reports.suppression import count_cell


def test_a_bar_chart_is_svg_in_the_reports_font_and_draws_no_bar_for_a_hidden_count():
    with translation.override("en"):
        svg = charts.bar_chart(
            ["Aurland", "Lærdal"], [count_cell(3), count_cell(1200)], value_label="bed-days"
        )
    assert svg.lstrip().startswith("<?xml")
    assert "<svg" in svg
    families = set(re.findall(r"font-family: ?'?([^;'\"]+)", svg))
    assert families == {"Source Sans 3"}
    assert "&lt;5" in svg and "1\xa0200" in svg and "Lærdal" in svg
    # Lærdal's bar only: the hidden count is drawn as its symbol, not as a bar.
    assert svg.count(f"fill: {charts.ACCENT}") == 1


def test_charts_are_the_same_on_every_run():
    args = (["A", "B"], [count_cell(10), count_cell(20)])
    assert charts.bar_chart(*args, value_label="x") == charts.bar_chart(*args, value_label="x")


def test_an_occupancy_chart_has_a_line_per_day_and_the_utilisation_axis():
    days = [datetime.date(2025, 1, 1) + datetime.timedelta(days=i) for i in range(31)]
    svg = charts.occupancy_chart(
        days,
        [15 + i % 4 for i in range(31)],
        [20] * 31,
        occupied_label="Occupied",
        places_label="Places",
        utilisation_label="Utilisation (%)",
    )
    assert "Utilisation (%)" in svg and "Occupied" in svg and "Places" in svg
    assert "'Source Sans 3'" in svg
