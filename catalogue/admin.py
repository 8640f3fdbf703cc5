"""Admin for the catalogue and the agreements: where administrators keep
them. The lists of domains, pathways and flows are ticked, not typed."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from bops.admin_scoping import ScopedAdminMixin
from catalogue.models import Agreement, Measure, domain_choices
from municipalities.models import ServiceUser


class ChoiceListField(forms.MultipleChoiceField):
    """A JSON list of keys, edited as ticks."""

    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value):
        return value or []


class MeasureForm(forms.ModelForm):
    domains = ChoiceListField(label=_("life domains"), choices=domain_choices, required=False)
    pathways = ChoiceListField(
        label=_("pathways"),
        choices=[(str(value), label) for value, label in ServiceUser.Pathway.choices],
        required=False,
        help_text=_("None ticked means all."),
    )

    class Meta:
        model = Measure
        # Every field: with a list here the admin shows (and saves) only
        # these two, and a new measure had no provider (a 500).
        fields = "__all__"  # noqa: DJ007 (an admin form: every editable field)


class AgreementForm(forms.ModelForm):
    flows = ChoiceListField(
        label=_("flows it governs"),
        choices=Agreement.Flow.choices,
        required=False,
        help_text=_("None ticked means every flow between the parties."),
    )

    class Meta:
        model = Agreement
        fields = "__all__"  # noqa: DJ007 (an admin form: every editable field)


@admin.register(Measure)
class MeasureAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = MeasureForm
    list_display = ["name", "kind", "provider", "min_age", "max_age", "free_places", "active"]
    list_filter = ["kind", "active", "provider"]
    search_fields = ["name", "provider__name"]
    filter_horizontal = ["municipalities"]
    autocomplete_fields = ["agreement"]


@admin.register(Agreement)
class AgreementAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = AgreementForm
    list_display = ["title", "kind", "version", "valid_from", "valid_to", "next_review"]
    list_filter = ["kind"]
    search_fields = ["title", "scope"]
    filter_horizontal = ["parties"]
    date_hierarchy = "next_review"
