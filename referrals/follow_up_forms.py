"""Forms for the follow-up pages: the answer to a recommendation, and a
notice (varsel) with its acknowledgement."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.forms import DateInput
from municipalities.models import Organisation, ServiceUser
from referrals.choices import ANSWERS, RecommendationStatus
from referrals.notices import NoticeKind, sending_units


class RecommendationAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[(s.value, s.label) for s in ANSWERS],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose planned, in progress, done or not possible.")},
    )
    response = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        help_text=_("Required when it is not possible: write why."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    add_to_plan = forms.BooleanField(
        label=_("Add it as a measure in the person's individual plan"),
        required=False,
        help_text=_("When it is planned."),
    )
    ask_for_guidance = forms.BooleanField(
        label=_("Ask the unit that wrote it for guidance (sends an advice referral)"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status == RecommendationStatus.NOT_POSSIBLE and not (data.get("response") or "").strip():
            self.add_error("response", _("Write why the recommendation is not possible."))
        if data.get("add_to_plan") and status != RecommendationStatus.PLANNED:
            self.add_error("add_to_plan", _("Only a planned recommendation becomes a measure."))
        if data.get("ask_for_guidance") and status != RecommendationStatus.NOT_POSSIBLE:
            self.add_error(
                "ask_for_guidance",
                _("Guidance is asked for when a recommendation is not possible."),
            )
        return data


class NoticeForm(forms.Form):
    service_user = forms.ModelChoiceField(
        label=_("Service user"),
        queryset=ServiceUser.objects.none(),
        error_messages={"required": _("Choose the person.")},
    )
    sender = forms.ModelChoiceField(
        label=_("From unit"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Needed when you work for more than one unit."),
    )
    kind = forms.ChoiceField(
        label=_("What the notice is about"),
        choices=NoticeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the notice is about.")},
    )
    expected_date = forms.DateField(
        label=_("Expected date"),
        required=False,
        help_text=_("dd.mm.yyyy. Required when discharge is planned."),
        widget=DateInput(),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_user"].queryset = ServiceUser.objects.for_user(user).order_by(
            "last_name", "first_name"
        )
        units = sending_units(user)
        self.fields["sender"].queryset = units
        if units.count() == 1:
            self.fields["sender"].initial = units.first().pk
            self.fields["sender"].widget = forms.HiddenInput()


class NoticeAcknowledgeForm(forms.Form):
    next_of_kin_informed = forms.TypedChoiceField(
        label=_("Were the next of kin informed?"),
        choices=[("", _("Not recorded")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
    )
    next_of_kin_who = forms.CharField(label=_("Who"), required=False, max_length=200)
    next_of_kin_on = forms.DateField(
        label=_("When"), required=False, help_text=_("dd.mm.yyyy"), widget=DateInput()
    )
