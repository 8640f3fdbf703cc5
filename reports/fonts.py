"""The report's typeface, shipped with the project (static/fonts, SIL OFL 1.1), so the
PDF and its charts look the same on every machine whatever fonts it has installed.
The charts measure their labels with it (text_width)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings

FAMILY = "Source Sans 3"
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts" / "source-sans-3"
FILES = {
    "regular": "SourceSans3-Regular.ttf",
    "italic": "SourceSans3-Italic.ttf",
    "semibold": "SourceSans3-SemiBold.ttf",
    "bold": "SourceSans3-Bold.ttf",
}


def font_path(style: str = "regular") -> Path:
    return FONT_DIR / FILES[style]


@cache
def _advances(style: str) -> tuple[dict[int, int], int]:
    """{code point: advance width} and the units per em of one font file, read once
    per process."""
    from fontTools.ttLib import TTFont

    font = TTFont(font_path(style), lazy=True)
    metrics = font["hmtx"].metrics
    advances = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
    return advances, font["head"].unitsPerEm


def text_width(text: str, size: float, style: str = "regular") -> float:
    """How wide `text` is at `size` (in the unit of `size`): the sum of its letters'
    advance widths, without kerning, as WeasyPrint places the letters of an SVG
    text. A letter the font lacks counts as wide as "n"."""
    advances, units = _advances(style)
    fallback = advances[ord("n")]
    return sum(advances.get(ord(letter), fallback) for letter in text) * size / units
