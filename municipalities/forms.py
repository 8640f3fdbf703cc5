"""Forms for the service-user pages. Foreign-key choices follow the user's CHANGE scope."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops import access
from municipalities.models import Membership, Municipality, ServiceUser


class DateInput(forms.DateInput):
    """A text field for dd.mm.yyyy: the same on every browser and in every language."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})


class ServiceUserForm(forms.ModelForm):
    class Meta:
        model = ServiceUser
        fields = [
            "national_id",
            "first_name",
            "last_name",
            "home_municipality",
            "main_pathway",
            "rop",
            "coordinator",
            "ip_status",
            "ip_date",
            "crisis_plan_date",
            "next_of_kin_name",
            "next_of_kin_phone",
            "deceased_on",
            "moved_out_on",
        ]
        widgets = {
            "national_id": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
            ),
            "ip_date": DateInput(),
            "crisis_plan_date": DateInput(),
            "deceased_on": DateInput(),
            "moved_out_on": DateInput(),
            "next_of_kin_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "ip_date": _("dd.mm.yyyy"),
            "crisis_plan_date": _("dd.mm.yyyy"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        choices = self.municipality_choices(user)
        if self.instance.home_municipality_id:
            # A person recorded before a merger keeps the municipality of their day.
            choices = choices | Municipality.objects.filter(pk=self.instance.home_municipality_id)
        self.fields["home_municipality"].queryset = choices
        self.fields["coordinator"].queryset = self.coordinator_choices(user)
        self.fields["coordinator"].label_from_instance = lambda u: u.get_full_name() or u.username
        # The number is typed as BOPS prints it ("128488 04140"): no maxlength
        # to cut it, the spaces and dots are stripped in clean_national_id.
        national_id = self.fields["national_id"]
        national_id.max_length = None
        national_id.validators = [
            v for v in national_id.validators if not isinstance(v, MaxLengthValidator)
        ]
        national_id.widget.attrs.pop("maxlength", None)
        self.duplicate_of = None

    @staticmethod
    def municipality_scope(user):
        """Municipalities whose people the user may change (with the
        predecessors of their own: a person recorded before a merger)."""
        if access.is_superuser(user):
            return Municipality.objects.filter(active=True)
        return Municipality.objects.filter(
            pk__in=access.coordinator_municipality_ids(user, access.CHANGE)
        )

    @staticmethod
    def municipality_choices(user):
        """Municipalities valid today that the user may add people to."""
        return ServiceUserForm.municipality_scope(user).current()

    @staticmethod
    def coordinator_choices(user):
        """Coordinators working in a municipality the user may change."""
        municipalities = ServiceUserForm.municipality_choices(user)
        return (
            get_user_model()
            .objects.filter(
                is_active=True,
                memberships__role=Membership.Role.COORDINATOR,
                memberships__organisation__municipality__in=municipalities,
            )
            .distinct()
            .order_by("first_name", "last_name", "username")
        )

    def clean_national_id(self):
        # People type it with spaces or dots ("140385 12345"); store the 11 digits.
        value = re.sub(r"[\s.]", "", self.cleaned_data.get("national_id") or "")
        existing = ServiceUser.objects.filter(national_id=value).exclude(pk=self.instance.pk)
        if existing.exists():
            # A link to the person if this user may see them; else only the fact.
            self.duplicate_of = (
                ServiceUser.objects.for_user(self.user).filter(national_id=value).first()
            )
            raise forms.ValidationError(
                _("A person with this identity number is already registered.")
            )
        return value

    def clean_ip_date(self):
        return plausible_plan_date(self.cleaned_data.get("ip_date"))

    def clean_crisis_plan_date(self):
        return plausible_plan_date(self.cleaned_data.get("crisis_plan_date"))

    def clean_next_of_kin_phone(self):
        return normalise_phone(self.cleaned_data.get("next_of_kin_phone") or "")


def plausible_plan_date(day: datetime.date | None) -> datetime.date | None:
    """A plan is dated when it is made: a date in 2099 or 1925 is a typing error."""
    if day is None:
        return day
    today = timezone.localdate()
    if day > today + datetime.timedelta(days=366):
        raise forms.ValidationError(_("The date is more than a year ahead. Check the year."))
    if day.year < 1990:
        raise forms.ValidationError(_("The date is before 1990. Check the year."))
    return day


PHONE_SEPARATORS = re.compile(r"[\s.\-()/]")


def normalise_phone(value: str) -> str:
    """ "+47 912 34 567", "912.34.567" and "(0047) 91234567" become digits with an
    optional leading "+"; letters and symbols are refused, not dropped."""
    compact = PHONE_SEPARATORS.sub("", value.strip())
    if not compact:
        return ""
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    digits = compact[1:] if compact.startswith("+") else compact
    if not digits.isdigit() or not 8 <= len(digits) <= 15:
        raise forms.ValidationError(
            _("Write a phone number with digits, for example 912 34 567 or +47 912 34 567.")
        )
    return compact
