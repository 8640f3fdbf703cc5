"""Charts for the council report, written as small SVG documents.

The SVG goes into the report's HTML as a data: URI image (see Chart.src);
WeasyPrint draws it as vectors. Each chart is written here element by element
rather than by a plotting library: WeasyPrint parses every element of an SVG
and lays out every letter of its text one by one, so a chart of a few dozen
elements (one path for a series, one text for a label) costs it a fraction of
what matplotlib's output did (about 600 elements for a report's three charts,
and 0.35 s in matplotlib before that).

Text stays text and names the report's own typeface, which WeasyPrint has
from the stylesheet's @font-face, so the charts use the same letters as the
rest of the PDF and their labels can be searched and copied. The space a label
takes is measured from the font file's advance widths (fonts.text_width),
which is how WeasyPrint places an SVG text's letters.

Suppressed values are never drawn: a bar for a "<5" count is left out and
labelled with the symbol instead.
"""

from __future__ import annotations

import base64
import datetime
import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.formats import number_format

from reports import fonts
from reports.suppression import Cell

INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#d9dee3"
ACCENT = "#1d5d90"
SECOND = "#d97a1d"

WIDTH_CM = 16.0
POINTS_PER_CM = 72 / 2.54
FONT_SIZE = 9.0  # labels and ticks, in points
VALUE_SIZE = 8.0  # the numbers beside the bars
PAD = 4.0  # around the chart
TICK = 3.5  # tick mark length and the gap from a tick to its label
LABEL_GAP = 6.0  # from the tick labels to the axis label


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _grouped(value: float) -> str:
    # The same grouping as the tables, in the active language (12 345 / 12,345).
    return number_format(value, 0, force_grouping=True)


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _ticks(top: float, most: int) -> list[float]:
    """Round values from 0 up to `top` at most `most` steps apart: steps of 1, 2
    or 5 times a power of ten, never below 1 (the charts show counts and kroner)."""
    if top <= 0:
        return [0]
    power = 10 ** max(0, math.floor(math.log10(top / most)))
    step = next(m * power for m in (1, 2, 5, 10) if top / (m * power) <= most)
    return [i * step for i in range(int(top / step + 1e-9) + 1)]


def _text(x: float, y: float, text: str, *, anchor="start", color=INK, size=FONT_SIZE, rotate=0):
    rotation = f' transform="rotate({rotate} {_num(x)} {_num(y)})"' if rotate else ""
    return (
        f'<text x="{_num(x)}" y="{_num(y)}"{rotation} style="font-size: {_num(size)}px; '
        f"font-family: '{fonts.FAMILY}'; text-anchor: {anchor}; fill: {color}\">"
        f"{escape(text)}</text>"
    )


def _line(x1, y1, x2, y2, color=GRID, width=0.6):
    return (
        f'<path d="M {_num(x1)} {_num(y1)} L {_num(x2)} {_num(y2)}" '
        f'style="fill: none; stroke: {color}; stroke-width: {width}"/>'
    )


def _rect(x, y, width, height, color):
    return (
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(width)}" height="{_num(height)}" '
        f'style="fill: {color}"/>'
    )


def _middle(y: float, size: float = FONT_SIZE) -> float:
    """The baseline that centres a line of digits and capitals on `y`."""
    return y + 0.33 * size


def _svg(height: float, elements: list[str]) -> str:
    width = WIDTH_CM * POINTS_PER_CM
    return (
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}pt" '
        f'height="{_num(height)}pt" viewBox="0 0 {_num(width)} {_num(height)}" version="1.1">\n'
        + "\n".join(elements)
        + "\n</svg>\n"
    )


def _width(text: str, size: float = FONT_SIZE) -> float:
    return fonts.text_width(text, size)


def _legend(x: float, y: float, entries: list[tuple[str, str]], swatch: str) -> list[str]:
    """A one-row legend from (x, baseline y): a line or a box in each entry's
    colour, then its label."""
    out = []
    for label, color in entries:
        if swatch == "line":
            out.append(_line(x, y - 3, x + 18, y - 3, color, 1.4 if color == ACCENT else 1))
        else:
            out.append(_rect(x, y - 6.5, 18, 6.3, color))
        out.append(_text(x + 25, y, label))
        x += 25 + _width(label) + 18
    return out


def _month_ticks(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """At most 8 dates, at least 3: the first of every 1, 2, 3, 4 or 6 months
    (counted from January), or every 1, 2, 3, 7 or 14 days for a short period."""
    months = []
    day = first.replace(day=1)
    while day <= last:
        if day >= first:
            months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    for step in (1, 2, 3, 4, 6, 12):
        chosen = [d for d in months if (d.month - 1) % step == 0]
        if 3 <= len(chosen) <= 8:
            return chosen
    days = [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]
    for step in (1, 2, 3, 7, 14):
        chosen = [d for d in days if (d.day - 1) % step == 0 and d.day < 29]
        if len(chosen) <= 8:
            return chosen
    return days[:1]


def _steps(xs: Sequence[float], values: Sequence[float], x, y) -> str:
    """A step line through `values`, each held from half a day before its day to
    half a day after (drawn from the first day to the last), one point per change."""
    parts = [f"M {_num(x(xs[0]))} {_num(y(values[0]))}"]
    for i in range(1, len(values)):
        if values[i] != values[i - 1]:
            middle = x((xs[i - 1] + xs[i]) / 2)
            parts.append(f"H {_num(middle)} V {_num(y(values[i]))}")
    parts.append(f"H {_num(x(xs[-1]))}")
    return " ".join(parts)


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
    height = 7.0 * POINTS_PER_CM
    width = WIDTH_CM * POINTS_PER_CM
    top = max([*places, *occupied, 1]) * 1.15
    left_ticks = _ticks(top, 6)
    right_top = top / max(max(places, default=1), 1) * 100
    right_ticks = _ticks(right_top, 6)
    left_labels = [_grouped(v) for v in left_ticks]
    right_labels = [_grouped(v) for v in right_ticks]

    x0 = PAD + max(_width(t) for t in left_labels) + 2 * TICK
    x1 = width - PAD - FONT_SIZE - LABEL_GAP - max(_width(t) for t in right_labels) - 2 * TICK
    y0, y1 = PAD, height - PAD - FONT_SIZE - 2 * TICK  # top and bottom of the plot

    ordinals = [d.toordinal() for d in days]
    span = max(ordinals[-1] - ordinals[0], 1)
    low, high = ordinals[0] - 0.05 * span, ordinals[-1] + 0.05 * span

    def x(value):
        return x0 + (value - low) / (high - low) * (x1 - x0)

    def y(value):
        return y1 - value / top * (y1 - y0)

    out = []
    for value, label in zip(left_ticks, left_labels, strict=True):
        out.append(_line(x0, y(value), x1, y(value)))
        out.append(_line(x0 - TICK, y(value), x0, y(value), MUTED, 0.8))
        out.append(_text(x0 - 2 * TICK, _middle(y(value)), label, anchor="end", color=MUTED))
    for value, label in zip(right_ticks, right_labels, strict=True):
        position = y1 - value / right_top * (y1 - y0)
        out.append(_line(x1, position, x1 + TICK, position, MUTED, 0.8))
        out.append(_text(x1 + 2 * TICK, _middle(position), label, color=MUTED))
    label_x = width - PAD - 0.25 * FONT_SIZE
    out.append(
        _text(label_x, (y0 + y1) / 2, utilisation_label, anchor="middle", color=MUTED, rotate=-90)
    )
    first = datetime.date.fromordinal(math.ceil(low))
    last = datetime.date.fromordinal(math.floor(high))
    for day in _month_ticks(first, last):
        position = x(day.toordinal())
        out.append(_line(position, y1, position, y1 + TICK, MUTED, 0.8))
        out.append(
            _text(
                position,
                y1 + 2 * TICK + 0.8 * FONT_SIZE,
                day.strftime("%d.%m"),
                anchor="middle",
                color=MUTED,
            )
        )
    out.append(_line(x0, y0, x0, y1, GRID, 0.8))  # the axes' left, bottom and right edges
    out.append(_line(x0, y1, x1, y1, GRID, 0.8))
    out.append(_line(x1, y0, x1, y1, GRID, 0.8))

    occupied_path = _steps(ordinals, occupied, x, y)
    out.append(
        f'<path d="M {_num(x(ordinals[0]))} {_num(y(0))} '
        f'{occupied_path.replace("M ", "L ", 1)} V {_num(y(0))} Z" '
        f'style="fill: {ACCENT}; fill-opacity: 0.25"/>'
    )
    out.append(
        f'<path d="{_steps(ordinals, places, x, y)}" '
        f'style="fill: none; stroke: {MUTED}; stroke-width: 1"/>'
    )
    out.append(
        f'<path d="{occupied_path}" style="fill: none; stroke: {ACCENT}; stroke-width: 1.4"/>'
    )
    out += _legend(
        x0 + 0.9 * FONT_SIZE,
        y1 - 0.9 * FONT_SIZE,
        [(places_label, MUTED), (occupied_label, ACCENT)],
        swatch="line",
    )
    return _svg(height, out)


def _bar_frame(height, labels, x_top, value_label):
    """What a horizontal bar chart's two kinds share: the room for the row labels,
    the value axis from 0 to `x_top` with its grid, ticks and label. Returns
    (elements, x scale, plot top, plot bottom, plot left, plot right)."""
    width = WIDTH_CM * POINTS_PER_CM
    ticks = _ticks(x_top, 9)
    tick_labels = [_grouped(v) for v in ticks]
    x0 = PAD + max((_width(label) for label in labels), default=0) + TICK
    x1 = width - PAD
    y0 = PAD
    y1 = height - PAD - 2 * FONT_SIZE - LABEL_GAP - TICK

    # A last tick label that would stick out on the right takes room from the plot.
    overflow = x0 + ticks[-1] / x_top * (x1 - x0) + _width(tick_labels[-1]) / 2 - (width - 1)
    if overflow > 0:
        x1 -= overflow / (ticks[-1] / x_top)

    def x(value):
        return x0 + value / x_top * (x1 - x0)

    out = []
    for value, label in zip(ticks, tick_labels, strict=True):
        out.append(_line(x(value), y0, x(value), y1))
        out.append(
            _text(x(value), y1 + TICK + 0.8 * FONT_SIZE, label, anchor="middle", color=MUTED)
        )
    out.append(_line(x0, y0, x0, y1, GRID, 0.8))
    out.append(_line(x0, y1, x1, y1, GRID, 0.8))
    out.append(
        _text(
            (x0 + x1) / 2, height - PAD - 0.2 * FONT_SIZE, value_label, anchor="middle", color=MUTED
        )
    )
    return out, x, y0, y1, x0, x1


def bar_chart(labels: Sequence[str], cells: Sequence[Cell], *, value_label: str) -> str:
    """One horizontal bar per municipality (or unit). Suppressed cells get no bar,
    only their symbol, so the chart cannot show what the table hides."""
    height = max(3.0, 0.75 * len(labels) + 1.5) * POINTS_PER_CM
    values = [0 if cell.suppressed or cell.value is None else cell.value for cell in cells]
    top = max(values, default=0) or 1
    out, x, y0, y1, x0, _x1 = _bar_frame(height, labels, top * 1.18, value_label)
    row = (y1 - y0) / max(len(labels), 1)
    for position, (label, cell, value) in enumerate(zip(labels, cells, values, strict=True)):
        middle = y0 + (position + 0.5) * row
        if value > 0:
            out.append(_rect(x0, middle - 0.3 * row, x(value) - x0, 0.6 * row, ACCENT))
        out.append(_text(x0 - TICK, _middle(middle), label, anchor="end"))
        out.append(
            _text(
                x(value + top * 0.01),
                _middle(middle, VALUE_SIZE),
                cell.text,
                color=INK if not cell.suppressed else MUTED,
                size=VALUE_SIZE,
            )
        )
    return _svg(height, out)


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
    height = max(3.5, 0.9 * len(labels) + 1.8) * POINTS_PER_CM

    def values(cells):
        return [0 if c.suppressed or c.value is None else float(c.value) for c in cells]

    a, b = values(first), values(second)
    out, x, y0, y1, x0, x1 = _bar_frame(
        height, labels, (max([*a, *b], default=0) or 1) * 1.05, value_label
    )
    # Rows run from -0.9 (room for the legend above the first) to n - 0.4.
    unit = (y1 - y0) / (len(labels) + 0.5)

    def y(position):
        return y0 + (position + 0.9) * unit

    for position, label in enumerate(labels):
        for offset, value, color in ((-0.2, a[position], ACCENT), (0.2, b[position], SECOND)):
            if value > 0:
                out.append(
                    _rect(x0, y(position + offset - 0.19), x(value) - x0, 0.38 * unit, color)
                )
        out.append(_text(x0 - TICK, _middle(y(position)), label, anchor="end"))
    entries = [(first_label, ACCENT), (second_label, SECOND)]
    legend_width = sum(25 + _width(label) + 18 for label, _color in entries) - 18
    out += _legend(x1 - 4 - legend_width, y0 + 12, entries, swatch="box")
    return _svg(height, out)
