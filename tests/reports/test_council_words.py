"""The report speaks the app's words: priorities and the residence's name."""

from pathlib import Path

from django.utils import translation
from django.utils.text import capfirst

from capacity.models import Application
from reports.figures.waiting import waiting_table
from reports.period import Period
from tests.reports.conftest import Q1_2025

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_the_waiting_table_names_priorities_as_the_waiting_list_does(db):
    with translation.override("nn"):
        table = waiting_table(Period(*Q1_2025), [])
        app_words = [capfirst(str(p.label)) for p in Application.Priority]
    assert table.table.labels == app_words
    assert "Vanleg" not in table.table.labels


def test_the_residence_has_one_name_in_nynorsk_and_bokmal():
    for language, other_name in (("nn", "butilbod"), ("nb", "botilbud")):
        po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
        translated = [line for line in po.splitlines() if not line.startswith(("msgid", "#"))]
        assert not [line for line in translated if other_name in line.lower()], language
