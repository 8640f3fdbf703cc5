"""The eight-domain assessments as small SVG line charts, drawn on the server.

One small chart per life domain (small multiples) reads more calmly than eight
crossing lines, and each chart has its own caption; the page also offers the
same numbers as a table. No JavaScript: the template draws the points computed
here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from municipalities.models import Assessment

WIDTH = 240
HEIGHT = 120
LEFT = 28  # room for the 1-4 labels
RIGHT = 12
TOP = 10
BOTTOM = 22  # room for the first and last date
SCORES = (1, 2, 3, 4)


@dataclass
class Point:
    x: float
    y: float
    score: int
    day: object


@dataclass
class DomainChart:
    domain: str
    label: str
    points: list[Point] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None


def _y(score: int) -> float:
    # 1 (no problem) at the bottom, 4 (severe) at the top.
    return TOP + (4 - score) * (HEIGHT - TOP - BOTTOM) / 3


def assessment_charts(assessments) -> dict:
    """Chart geometry for assessments (any order); oldest first on the x axis."""
    rows = sorted(assessments, key=lambda a: (a.assessed_on, a.pk))
    span = WIDTH - LEFT - RIGHT
    step = span / (len(rows) - 1) if len(rows) > 1 else 0
    xs = [LEFT + (i * step if len(rows) > 1 else span / 2) for i in range(len(rows))]
    charts = []
    for domain in Assessment.DOMAINS:
        chart = DomainChart(
            domain=domain, label=str(Assessment._meta.get_field(domain).verbose_name)
        )
        for x, row in zip(xs, rows, strict=True):
            score = getattr(row, domain)
            chart.points.append(Point(x=x, y=_y(score), score=score, day=row.assessed_on))
        charts.append(chart)
    return {
        "charts": charts,
        "rows": rows,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right_edge": WIDTH - RIGHT,
        "date_y": HEIGHT - 6,
        "gridlines": [{"score": s, "y": _y(s)} for s in SCORES],
        "first_day": rows[0].assessed_on if rows else None,
        "last_day": rows[-1].assessed_on if rows else None,
        "domains": [
            (d, str(Assessment._meta.get_field(d).verbose_name)) for d in Assessment.DOMAINS
        ],
    }
