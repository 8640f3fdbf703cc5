"""Forms of the residence pages. Place choices are limited to the residence at hand.

The forms only validate input; the state rules (full, place taken, offer
held) are checked by the model and `capacity.services` under the residence
lock, and the views show their `bops.errors` refusal next to the form.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops import dates
from bops.formats import format_date
from bops.widgets import LimitedTextarea
from capacity.choices import CLOSE_REASONS_TO_CHOOSE, ApplicationCloseReason, ApplicationPriority
from capacity.models import Place, Stay
from municipalities.forms import DateInput
from referrals.choices import RejectionReason

DATE_HELP = _("dd.mm.yyyy")
MAX_PERIOD_DAYS = 3 * 366


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, place: Place) -> str:
        return f"{place.code} – {place.unit.name}"


def free_places(residence, start: datetime.date | None = None):
    """Active places of the residence free from `start` on, in board order."""
    start = start or timezone.localdate()
    return (
        Place.objects.filter(residence=residence)
        .active()
        .free_from(start)
        .select_related("unit")
        .order_by("unit__kind", "unit__name", Length("code"), "code")  # A2 before A10
    )


class AdmitForm(forms.Form):
    place = PlaceChoiceField(
        label=_("Place"),
        queryset=Place.objects.none(),
        required=False,
        empty_label=_("The first free place"),
        help_text=_("The first free place is chosen for you; choose another if needed."),
    )
    start = forms.DateField(
        label=_("Moves in on"), widget=DateInput(), help_text=DATE_HELP, validators=[dates.STAY]
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=LimitedTextarea(attrs={"rows": 3})
    )

    def __init__(self, *args, residence, **kwargs):
        super().__init__(*args, **kwargs)
        # Every active place may be chosen: a taken one is refused with a clear
        # message ("place B3 is taken from ...") rather than hidden.
        self.fields["place"].queryset = (
            Place.objects.filter(residence=residence)
            .active()
            .select_related("unit")
            .order_by("unit__kind", "unit__name", Length("code"), "code")  # A2 before A10
        )


class DischargeForm(forms.Form):
    end = forms.DateField(
        label=_("Moves out on"),
        widget=DateInput(),
        help_text=_("The day the resident leaves; the place is free that day. dd.mm.yyyy"),
        validators=[dates.STAY],
    )
    reason = forms.ChoiceField(
        label=_("Reason for leaving"),
        choices=Stay.EndReason.choices,
        error_messages={"required": _("Choose a reason for leaving.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        help_text=_("Required when the reason is other."),
        widget=LimitedTextarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, stay: Stay, **kwargs):
        super().__init__(*args, **kwargs)
        self.stay = stay
        self.fields["reason"].choices = [("", "---------"), *Stay.EndReason.choices]

    def clean_end(self):
        end = self.cleaned_data["end"]
        if end <= self.stay.start:
            raise forms.ValidationError(
                _("The stay started on %(day)s; it must end after that day.")
                % {"day": format_date(self.stay.start)}
            )
        return end

    def clean(self):
        data = super().clean()
        if data.get("reason") == Stay.EndReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Describe the reason when you choose other."))
        return data


class OfferForm(forms.Form):
    place = PlaceChoiceField(label=_("Place offered"), queryset=Place.objects.none())
    valid_until = forms.DateField(
        label=_("Offer valid until"),
        widget=DateInput(),
        help_text=DATE_HELP,
        validators=[dates.DEADLINE],
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=LimitedTextarea(attrs={"rows": 2})
    )

    def __init__(self, *args, residence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = free_places(residence)

    def clean_valid_until(self):
        value = self.cleaned_data["valid_until"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The offer must be valid until today or later."))
        return value


class DecisionNoteForm(forms.Form):
    """Decline, decline an offer or withdraw: the reason category, and a
    note (required when the reason is "other")."""

    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=CLOSE_REASONS_TO_CHOOSE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reason.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        help_text=_("Required when the reason is other."),
        widget=LimitedTextarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("reason") == ApplicationCloseReason.OTHER
            and not (data.get("note") or "").strip()
        ):
            self.add_error("note", _("Describe the reason when you choose other."))
        return data


class PeriodForm(forms.Form):
    """From–to for the occupancy timeline (both days counted)."""

    start = forms.DateField(
        label=_("From"), widget=DateInput(), help_text=DATE_HELP, validators=[dates.REPORT]
    )
    end = forms.DateField(
        label=_("To"), widget=DateInput(), help_text=DATE_HELP, validators=[dates.REPORT]
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The period must end on or after its first day."))
            elif (end - start).days + 1 > MAX_PERIOD_DAYS:
                self.add_error(
                    "end",
                    _("Choose a period of at most %(days)s days.") % {"days": MAX_PERIOD_DAYS},
                )
        return data


class MeetingDecisionForm(forms.Form):
    """One admission referral at the intake meeting: on the list with a
    priority and its reason, not on the list with a reason and advice, or
    no decision today."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("", _("No decision today")),
            ("accept", _("On the waiting list")),
            ("reject", _("Not on the list")),
        ],
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        coerce=int,
        choices=ApplicationPriority.choices,
        initial=ApplicationPriority.NORMAL,
        required=False,
        empty_value=ApplicationPriority.NORMAL,
    )
    reason = forms.CharField(
        label=_("Reason for the priority"),
        required=False,
        max_length=5000,
        widget=LimitedTextarea(attrs={"rows": 2}),
    )
    rejection_reason = forms.ChoiceField(
        label=_("Reason for rejection"),
        required=False,
        choices=[("", "---------"), *RejectionReason.choices],
    )
    advice = forms.CharField(
        label=_("Advice to the sender"),
        required=False,
        max_length=5000,
        widget=LimitedTextarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral = referral

    def clean(self):
        data = super().clean()
        if data.get("decision") == "accept" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the priority."))
        if data.get("decision") == "reject":
            if not data.get("rejection_reason"):
                self.add_error("rejection_reason", _("Choose the reason for the rejection."))
            if not (data.get("advice") or "").strip():
                self.add_error("advice", _("Give the sender advice on what to do instead."))
        return data


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes of the meeting"),
        max_length=5000,
        widget=LimitedTextarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the short minutes of the meeting.")},
    )
