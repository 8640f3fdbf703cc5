"""The report's typeface, shipped with the project (static/fonts, SIL OFL 1.1), so the
PDF and its charts look the same on every machine whatever fonts it has installed."""

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
def register_with_matplotlib() -> str:
    """Make the family known to matplotlib once per process; returns its name."""
    from matplotlib import font_manager

    for name in FILES.values():
        font_manager.fontManager.addfont(str(FONT_DIR / name))
    return FAMILY
