"""Forms for the follow-up pages: the answer to a recommendation, and a
notice (varsel) with its acknowledgement."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.forms import DateInput
from municipalities.models import Organisation, ServiceUser
from referrals.choices import ANSWERS, RecommendationStatus
from referrals.filtersets import as_id
from referrals.models import Referral
from referrals.notices import NoticeKind, sending_unit_ids, sending_units


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


#: How many people a search on the new-notice page lists at most.
PERSON_MATCHES = 20


class NoticePersonForm(forms.Form):
    """Who a new notice is about, from the query string: `service_user` or
    `referral` (an id, as the links on the person's and the referral's page
    give it), or `q`, a search by name or identity number among the people
    the user may see. An id that is not a number, or names nobody the user
    may see, is an error on the search field, the same for both, so a page
    never tells whether someone outside the user's scope exists."""

    q = forms.CharField(
        label=_("Find the person"),
        required=False,
        max_length=100,
        help_text=_("Name or identity number (at least two letters or digits)."),
    )
    # Never shown: they come in the address, and their errors go to `q`.
    service_user = forms.CharField(required=False)
    referral = forms.CharField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        data["person"] = data["referral_found"] = None
        referral, person = data.get("referral", ""), data.get("service_user", "")
        if referral:
            found = self._visible_referral(as_id(referral))
            if found is None:
                self.add_error("q", _("That referral is not among the referrals you may see."))
            else:
                data["referral_found"], data["person"] = found, found.service_user
        elif person:
            data["person"] = self._visible_people().filter(pk=as_id(person) or 0).first()
            if data["person"] is None:
                self.add_error("q", _("That person is not among the people you may see."))
        elif data.get("q") and len(data["q"].strip()) < 2:
            self.add_error("q", _("Write at least two letters or digits."))
        return data

    def _visible_people(self):
        return ServiceUser.objects.for_user(self.user)

    def _visible_referral(self, pk: int | None):
        """The referral with its person, when the user may see both (one query)."""
        if pk is None:
            return None
        return (
            Referral.objects.for_user(self.user)
            .filter(pk=pk, service_user__in=self._visible_people())
            .select_related("service_user")
            .first()
        )

    def matches(self) -> tuple[list, bool]:
        """Up to PERSON_MATCHES people the search finds, and whether there are more."""
        text = (self.cleaned_data.get("q") or "").strip()
        if not text or self.cleaned_data.get("person") is not None:
            return [], False
        found = list(
            self._visible_people()
            .search(text)
            .order_by("last_name", "first_name", "pk")[: PERSON_MATCHES + 1]
        )
        return found[:PERSON_MATCHES], len(found) > PERSON_MATCHES


class NoticeForm(forms.Form):
    """The notice. The person is chosen before (NoticePersonForm) and comes
    as a hidden id, checked against the people the user may see."""

    service_user = forms.ModelChoiceField(
        label=_("Service user"),
        queryset=ServiceUser.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose the person."),
            "invalid_choice": _("That person is not among the people you may see."),
            "invalid_pk_value": _("That person is not among the people you may see."),
        },
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
        self.fields["service_user"].queryset = ServiceUser.objects.for_user(user)
        self.fields["sender"].queryset = sending_units(user)
        units = sending_unit_ids(user)
        if len(units) == 1:
            self.fields["sender"].initial = next(iter(units))
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
