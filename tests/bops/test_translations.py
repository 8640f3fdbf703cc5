"""Every interface text outside capacity/ has a Nynorsk and a
Bokmål translation (English is the msgid itself)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
NOT_YET = ("capacity/",)  # translated by the residence work


def untranslated(language: str) -> list[str]:
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    missing = []
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not msgid or msgid.group(1).strip() == '""' or block.lstrip().startswith("#~"):
            continue
        sources = re.findall(r"^#: (.*)$", block, re.M)
        files = {ref.rsplit(":", 1)[0] for line in sources for ref in line.split()}
        if files and all(f.startswith(NOT_YET) for f in files):
            continue
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        if not strings or any(s.strip() == '""' for s in strings):
            missing.append(msgid.group(1).strip())
    return missing


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_every_interface_text_is_translated(language):
    assert untranslated(language) == []


def test_the_compiled_catalogue_is_used():
    with translation.override("nn"):
        assert translation.gettext("Service users") == "Tenestemottakarar"
    with translation.override("nb"):
        assert translation.gettext("Service users") == "Tjenestemottakere"
    with translation.override("en"):
        assert translation.gettext("Service users") == "Service users"
