"""Charts: small SVG documents in the report's own typeface; hidden counts get no bar."""

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


def test_a_years_occupancy_is_drawn_with_a_point_per_change_not_per_day():
    # WeasyPrint parses every point and every element of a chart: a year's step
    # line holds the days on which the count changed, and the text stays text.
    days = [datetime.date(2025, 1, 1) + datetime.timedelta(days=i) for i in range(365)]
    occupied = [18] * 100 + [19] * 100 + [17] * 165
    svg = charts.occupancy_chart(
        days,
        occupied,
        [20] * 365,
        occupied_label="Occupied",
        places_label="Places",
        utilisation_label="Utilisation (%)",
    )
    assert svg.count(" V ") < 20
    assert len(re.findall(r"<(?:path|rect|text)\b", svg)) < 80
    ticks = re.findall(r">(\d\d\.\d\d)</text>", svg)
    assert ticks == ["01.01", "01.03", "01.05", "01.07", "01.09", "01.11", "01.01"]


def test_a_label_is_measured_with_the_reports_font():
    from reports import fonts

    assert fonts.text_width("Skalakommune 001", 9) > fonts.text_width("Aurland", 9) > 0
    assert fonts.text_width("iiii", 10) < fonts.text_width("MMMM", 10)
