"""The occupancy timeline as an SVG chart, drawn on the server.

Like `municipalities.charts`: this module computes the geometry, the template
draws it with presentation attributes and classes (no style attributes, so the
strict Content Security Policy holds), and every page that shows the chart
also offers the same numbers as a table. Occupied places are an area; the
number of active places is a dashed line above it.
"""

from __future__ import annotations

from dataclasses import dataclass

from capacity.occupancy import Day

WIDTH = 720
HEIGHT = 220
LEFT = 36  # room for the place counts
RIGHT = 12
TOP = 12
BOTTOM = 28  # room for the dates


@dataclass
class Tick:
    value: int
    y: float


@dataclass
class DateTick:
    day: object
    x: float
    anchor: str


def occupancy_chart(days: list[Day]) -> dict | None:
    """Chart geometry for a daily series (oldest first); None when it is empty."""
    if not days:
        return None
    top_value = max(max(d.active_places for d in days), max(d.occupied for d in days), 1)
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM
    base = HEIGHT - BOTTOM
    step = span_x / (len(days) - 1) if len(days) > 1 else 0

    def x(i: int) -> float:
        return LEFT + (i * step if len(days) > 1 else span_x / 2)

    def y(value: float) -> float:
        return base - value * span_y / top_value

    # A step line: each day is a flat segment, which is what a daily count is.
    points = []
    for i, day in enumerate(days):
        points.append((x(i), y(day.occupied)))
        if i + 1 < len(days):
            points.append((x(i + 1), y(day.occupied)))
    line = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    area = f"{x(0):.1f},{base:.1f} {line} {x(len(days) - 1):.1f},{base:.1f}"
    capacity = [(x(0), y(days[0].active_places)), (x(len(days) - 1), y(days[-1].active_places))]
    ticks = sorted({0, top_value // 2, top_value})
    middle = len(days) // 2
    date_ticks = [DateTick(days[0].date, x(0), "start")]
    if len(days) > 2:
        date_ticks.append(DateTick(days[middle].date, x(middle), "middle"))
    if len(days) > 1:
        date_ticks.append(DateTick(days[-1].date, x(len(days) - 1), "end"))
    occupied = [d.occupied for d in days]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right_edge": WIDTH - RIGHT,
        "base": base,
        "line": line,
        "area": area,
        "capacity": {
            "x1": f"{capacity[0][0]:.1f}",
            "y1": f"{capacity[0][1]:.1f}",
            "x2": f"{capacity[1][0]:.1f}",
            "y2": f"{capacity[1][1]:.1f}",
        },
        "ticks": [Tick(value, round(y(value), 1)) for value in ticks],
        "date_ticks": date_ticks,
        "date_y": HEIGHT - 8,
        "first": days[0],
        "last": days[-1],
        "lowest": min(occupied),
        "highest": max(occupied),
        "average_utilisation": sum(d.utilisation for d in days) / len(days),
    }
