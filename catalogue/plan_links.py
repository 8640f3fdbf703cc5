"""A measure in an individual plan may name the shared measure of the
catalogue it uses. The plans know nothing of the catalogue: the link is a
`PlanMeasureEntry` here, and the plan measure's form gets its field through
`municipalities.hooks.plan_measure_fields` / `plan_measure_saved`, its API
field through `plan_measure_api_fields`."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalogue.models import Measure, PlanMeasureEntry

FIELD = "catalogue_entry"


def current_entry_id(plan_measure) -> int | None:
    if plan_measure.pk is None:
        return None
    return (
        PlanMeasureEntry.objects.filter(plan_measure=plan_measure)
        .values_list("entry_id", flat=True)
        .first()
    )


def add_entry_field(form) -> None:
    """A choice of the active shared measures (and the one already chosen)."""
    current = current_entry_id(form.instance)
    form.fields[FIELD] = forms.ModelChoiceField(
        queryset=Measure.objects.filter(Q(active=True) | Q(pk=current)).order_by("name"),
        required=False,
        label=_("shared measure in the catalogue"),
        help_text=_("The shared measure or team this measure uses, if any."),
    )
    if current is not None:
        form.initial.setdefault(FIELD, current)


def save_entry(plan_measure, cleaned_data: dict) -> None:
    """Link, relink or unlink, as chosen on the form."""
    if FIELD not in cleaned_data:
        return
    entry = cleaned_data[FIELD]
    if entry is None:
        PlanMeasureEntry.objects.filter(plan_measure=plan_measure).delete()
    else:
        PlanMeasureEntry.objects.update_or_create(
            plan_measure=plan_measure, defaults={"entry": entry}
        )


@extend_schema_field(OpenApiTypes.INT)
class EntryField(serializers.Field):
    """`catalogue_entry` on the plan measure API: the id of the shared
    measure it uses, or null. Written as an id of an active shared measure."""

    default_error_messages = {
        "unknown": _("Choose an active shared measure from the catalogue."),
    }

    def __init__(self, **kwargs):
        super().__init__(source="*", required=False, allow_null=True, **kwargs)

    def to_representation(self, plan_measure):
        return current_entry_id(plan_measure)

    def validate_empty_values(self, data):
        # With source="*" a null must still reach to_internal_value (it unlinks).
        if data is None:
            return True, {FIELD: None}
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        try:
            pk = int(data)
            if isinstance(data, bool) or not 0 < pk < 2**63:
                raise ValueError(pk)
            entry = Measure.objects.active().get(pk=pk)
        except (TypeError, ValueError, Measure.DoesNotExist):
            self.fail("unknown")
        return {FIELD: entry}


def api_fields() -> dict:
    return {FIELD: EntryField(label=_("shared measure in the catalogue"))}
