"""Charts for the council report, drawn with matplotlib as SVG strings.

The SVG goes into the report's HTML as a data: URI image (see Chart.src), which
keeps each chart's ids to itself; WeasyPrint draws it as vectors. Text stays
text (svg.fonttype "none") and names the report's own typeface, which
WeasyPrint has from the stylesheet's @font-face, so the charts use the same
letters as the rest of the PDF and their labels can be searched and copied. matplotlib knows the same font files (see
fonts.py), so it measures labels with the glyphs they will be drawn in.

Suppressed values are never drawn: a bar for a "<5" count is left out and
labelled with the symbol instead.
"""

from __future__ import annotations

import base64
import datetime
import io
from collections.abc import Sequence

import matplotlib
from django.utils.formats import number_format

matplotlib.use("Agg")  # no display on servers; we only write SVG

from matplotlib import dates as mdates  # noqa: E402
from matplotlib import rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from reports import fonts  # noqa: E402
from reports.suppression import Cell  # noqa: E402

INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#d9dee3"
ACCENT = "#1d5d90"
SECOND = "#d97a1d"

WIDTH_CM = 16.0


def _style() -> dict:
    return {
        "font.family": fonts.register_with_matplotlib(),
        "font.size": 9,
        "svg.fonttype": "none",
        "svg.hashsalt": "bops-council-report",  # the same ids on every run
        "axes.edgecolor": GRID,
        "axes.labelcolor": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "grid.color": GRID,
        "grid.linewidth": 0.6,
    }


def _figure(height_cm: float) -> Figure:
    return Figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), layout="constrained")


def _to_svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, transparent=True)
    return buffer.getvalue()


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _grouped(value: float, _position=None) -> str:
    # The same grouping as the tables, in the active language (12 345 / 12,345).
    return number_format(value, 0, force_grouping=True)


def occupancy_chart(
    days: Sequence[datetime.date],
    occupied: Sequence[int],
    places: Sequence[int],
    *,
    occupied_label: str,
    places_label: str,
    utilisation_label: str,
) -> str:
    """Occupied places per day against the places there are, with utilisation (%) on
    the right-hand axis."""
    with rc_context(_style()):
        figure = _figure(7.0)
        axes = figure.add_subplot()
        axes.step(days, places, where="mid", color=MUTED, linewidth=1, label=places_label)
        axes.fill_between(days, occupied, step="mid", color=ACCENT, alpha=0.25, linewidth=0)
        axes.step(days, occupied, where="mid", color=ACCENT, linewidth=1.4, label=occupied_label)
        axes.set_axisbelow(True)
        axes.set_ylim(0, max([*places, *occupied, 1]) * 1.15)
        axes.yaxis.set_major_formatter(FuncFormatter(_grouped))
        axes.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%d.%m"))
        right = axes.twinx()
        utilisation = [100 * o / p if p else 0 for o, p in zip(occupied, places, strict=True)]
        right.plot(days, utilisation, alpha=0)  # only to scale the right axis with the left
        right.set_ylim(0, axes.get_ylim()[1] / max(max(places, default=1), 1) * 100)
        right.set_ylabel(utilisation_label, color=MUTED)
        right.grid(False)
        right.spines["right"].set_visible(True)
        right.spines["right"].set_color(GRID)
        axes.legend(loc="lower left", frameon=False, ncols=2)
        return _to_svg(figure)


def bar_chart(labels: Sequence[str], cells: Sequence[Cell], *, value_label: str) -> str:
    """One horizontal bar per municipality (or unit). Suppressed cells get no bar,
    only their symbol, so the chart cannot show what the table hides."""
    with rc_context(_style() | {"axes.grid.axis": "x"}):
        figure = _figure(max(3.0, 0.75 * len(labels) + 1.5))
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        values = [0 if cell.suppressed or cell.value is None else cell.value for cell in cells]
        drawn = [(p, v) for p, v in zip(positions, values, strict=True) if v > 0]
        if drawn:
            axes.barh([p for p, _ in drawn], [v for _, v in drawn], color=ACCENT, height=0.6)
        axes.set_yticks(positions, labels)
        axes.set_ylim(len(labels) - 0.5, -0.5)  # first label on top, even rows without a bar
        axes.tick_params(axis="y", length=0, labelcolor=INK)
        axes.tick_params(axis="x", length=0)
        axes.set_axisbelow(True)  # grid lines behind the bars
        axes.xaxis.set_major_formatter(FuncFormatter(_grouped))
        axes.set_xlabel(value_label, color=MUTED)
        top = max(values, default=0) or 1
        axes.set_xlim(0, top * 1.18)
        for position, cell, value in zip(positions, cells, values, strict=True):
            axes.text(
                value + top * 0.01,
                position,
                cell.text,
                va="center",
                ha="left",
                color=INK if not cell.suppressed else MUTED,
                fontsize=8,
            )
        return _to_svg(figure)


def paired_bar_chart(
    labels: Sequence[str],
    first: Sequence[Cell],
    second: Sequence[Cell],
    *,
    first_label: str,
    second_label: str,
    value_label: str,
) -> str:
    """Two horizontal bars per municipality (e.g. its share of the residence and its
    private purchases), for amounts that are never suppressed."""
    with rc_context(_style() | {"axes.grid.axis": "x"}):
        figure = _figure(max(3.5, 0.9 * len(labels) + 1.8))
        axes = figure.add_subplot()
        positions = list(range(len(labels)))

        def values(cells):
            return [0 if c.suppressed or c.value is None else float(c.value) for c in cells]

        a, b = values(first), values(second)
        axes.barh([p - 0.2 for p in positions], a, height=0.38, color=ACCENT, label=first_label)
        axes.barh([p + 0.2 for p in positions], b, height=0.38, color=SECOND, label=second_label)
        axes.set_yticks(positions, labels)
        axes.set_ylim(len(labels) - 0.4, -0.9)
        axes.tick_params(axis="y", length=0, labelcolor=INK)
        axes.tick_params(axis="x", length=0)
        axes.set_axisbelow(True)
        axes.xaxis.set_major_formatter(FuncFormatter(_grouped))
        axes.set_xlabel(value_label, color=MUTED)
        axes.set_xlim(0, (max([*a, *b], default=0) or 1) * 1.05)
        axes.legend(loc="upper right", frameon=False, ncols=2, bbox_to_anchor=(1, 1.0))
        return _to_svg(figure)
