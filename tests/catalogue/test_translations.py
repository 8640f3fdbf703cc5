"""The catalogue's and the documents' interface texts have a Nynorsk and a
Bokmål translation in their apps' own catalogues."""

import re
from pathlib import Path

import pytest
from django.conf import settings

APPS = ("catalogue", "documents")


def untranslated(app: str, language: str) -> list[str]:
    po = Path(settings.BASE_DIR) / app / "locale" / language / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    return [
        msgid
        for msgid, msgstr in re.findall(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', text, re.M)
        if msgid.strip() != '""' and msgstr.strip() == '""'
    ]


@pytest.mark.parametrize("language", ["nn", "nb"])
@pytest.mark.parametrize("app", APPS)
def test_every_interface_text_is_translated(app, language):
    assert untranslated(app, language) == []
