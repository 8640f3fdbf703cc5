import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from bops.templatetags.bops_format import format_amount, national_id

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (12345, f"12{NBSP}345{NBSP}kr"),
        (1234567, f"1{NBSP}234{NBSP}567{NBSP}kr"),
        (999, f"999{NBSP}kr"),
        (0, f"0{NBSP}kr"),
        ("6500", f"6{NBSP}500{NBSP}kr"),
        (12345.5, f"12{NBSP}346{NBSP}kr"),
        (-2500, f"−2{NBSP}500{NBSP}kr"),
    ],
)
def test_amounts_are_whole_kroner_with_non_breaking_spaces(value, shown):
    assert format_amount(value) == shown


def test_a_missing_amount_shows_nothing():
    assert format_amount(None) == ""
    assert format_amount("") == ""


def test_text_that_is_not_an_amount_is_shown_unchanged():
    assert format_amount("unknown") == "unknown"


def test_the_amount_filter_works_in_templates():
    html = Template("{% load bops_format %}{{ cost|amount }}").render(Context({"cost": 12345}))
    assert html == f"12{NBSP}345{NBSP}kr"


def test_identity_numbers_are_shown_in_two_groups():
    assert national_id("14838512345") == f"148385{NBSP}12345"
    assert national_id("123") == "123"


@pytest.mark.parametrize("language", ["nn", "nb", "en"])
def test_dates_are_dd_mm_yyyy_in_every_language(language):
    template = Template("{{ day }}|{{ day|date }}|{{ day|date:'SHORT_DATE_FORMAT' }}")
    with translation.override(language):
        html = template.render(Context({"day": datetime.date(2025, 3, 7)}))
    assert html == "07.03.2025|07.03.2025|07.03.2025"


@pytest.mark.parametrize("language", ["nn", "nb", "en"])
def test_date_fields_accept_and_show_dd_mm_yyyy(language):
    from django import forms

    class DateForm(forms.Form):
        day = forms.DateField()

    with translation.override(language):
        form = DateForm({"day": "07.03.2025"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2025, 3, 7)
        assert 'value="07.03.2025"' in str(DateForm(initial={"day": datetime.date(2025, 3, 7)}))
