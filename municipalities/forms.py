"""Forms for the service-user pages. Foreign-key choices follow the user's CHANGE scope."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
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
        # People type it with spaces ("140385 12345"); store the 11 digits.
        return "".join((self.cleaned_data.get("national_id") or "").split())
