"""QuickSelect writes the same select as Django's template-rendered one."""

from django import forms
from django.test.html import parse_html

from bops.widgets import QuickSelect

CHOICES = [
    ("", "All"),
    (1, "Sogndal kommune"),
    (2, 'Lærdal <"psykisk helse"> & rus'),
    ("Spesialist", [(3, "DPS Indre Sogn"), (4, "Sogndal BUP")]),
]


def both(value, attrs=None):
    plain = forms.Select(choices=CHOICES).render("organisation", value, attrs)
    quick = QuickSelect(choices=CHOICES).render("organisation", value, attrs)
    return parse_html(plain), parse_html(quick), quick


def test_the_same_elements_attributes_and_escaping_as_djangos_select():
    for value in (None, "", 1, 2, 4):
        plain, quick, _ = both(value, {"id": "id_organisation", "aria-describedby": "hint"})
        assert quick == plain


def test_the_chosen_option_is_selected_and_text_is_escaped():
    _, _, html = both(2)
    assert 'value="2" selected' in html
    assert "&lt;&quot;psykisk helse&quot;&gt; &amp; rus" in html
    assert "<script" not in html


def test_the_agreements_filter_uses_it():
    from catalogue.filtersets import AgreementFilterSet

    assert isinstance(AgreementFilterSet().form.fields["organisation"].widget, QuickSelect)
