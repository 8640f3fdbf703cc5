"""Forms for what is recorded about a person: assessments, consents, private purchases."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops.widgets import LimitedTextarea
from municipalities.forms import DateInput
from municipalities.models import Assessment, Consent, Municipality, Organisation, PrivatePurchase

DATE_HELP = _("dd.mm.yyyy")


def not_in_the_future(day: datetime.date | None) -> None:
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["assessed_on", *Assessment.DOMAINS]
        widgets = {"assessed_on": DateInput()}
        help_texts = {"assessed_on": DATE_HELP}

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        not_in_the_future(day)
        return day


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["organisation", "given_on", "note"]
        widgets = {"given_on": DateInput(), "note": LimitedTextarea(attrs={"rows": 3})}
        help_texts = {"given_on": DATE_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True).order_by(
            "name"
        )

    def clean_given_on(self):
        day = self.cleaned_data["given_on"]
        not_in_the_future(day)
        return day


class PrivatePurchaseForm(forms.ModelForm):
    class Meta:
        model = PrivatePurchase
        fields = ["municipality", "provider", "daily_cost", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {"start_date": DATE_HELP, "end_date": DATE_HELP}

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities or Municipality.objects.none()


class EndForm(forms.Form):
    """The day a consent is withdrawn or a purchase ends."""

    day = forms.DateField(label=_("Date"), widget=DateInput(), help_text=DATE_HELP)

    def __init__(self, *args, starts: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.starts = starts
        self.fields["day"].initial = timezone.localdate()

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < self.starts:
            raise forms.ValidationError(
                _("The date cannot be before %(start)s.")
                % {"start": self.starts.strftime("%d.%m.%Y")}
            )
        if day > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("The date is more than a year ahead."))
        return day
