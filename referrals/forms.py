"""Forms for the new-referral pages: step one (who and what kind) and step
two (the referral itself), with the questions sending may need, which the
send page asks too (referrals/transition_forms.py).

The rules live in the model's methods; these forms only collect the input.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bops import access
from bops.formats import format_date
from bops.widgets import LimitedTextarea
from municipalities.forms import DateInput
from municipalities.models import Assessment, Municipality, Organisation, ServiceUser
from referrals.choices import Kind, LegalBasis
from referrals.models import Referral
from referrals.routing import outside_catchment
from referrals.rules import has_active_consent


class SendQuestionsMixin(forms.Form):
    """The two questions sending may need; `ask_only()` keeps those that apply."""

    confirm_legal_basis = forms.ChoiceField(
        label=_("Legal basis for sharing"),
        help_text=_("The person has no active consent to share information with this unit."),
        choices=LegalBasis.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={
            "required": _(
                "The person has no active consent for this unit: confirm the legal basis."
            )
        },
    )
    confirm_outside_catchment_note = forms.CharField(
        label=_("Why send it to a unit that does not cover the person?"),
        required=False,
        max_length=2000,
        widget=LimitedTextarea(attrs={"rows": 3}),
        error_messages={
            "required": _("This unit does not cover the person: explain why you send it there.")
        },
    )

    def ask_only(self, *, legal_basis: bool, outside_catchment: str, required: bool) -> None:
        """Keep the questions that apply. `required` is False when saving a
        draft: the questions belong to sending, and the send page asks them."""
        if legal_basis:
            self.fields["confirm_legal_basis"].required = required
        else:
            del self.fields["confirm_legal_basis"]
        if outside_catchment:
            field = self.fields["confirm_outside_catchment_note"]
            field.required = required
            field.help_text = _("This unit does not cover the person: %(why)s.") % {
                "why": outside_catchment
            }
        else:
            del self.fields["confirm_outside_catchment_note"]


def send_questions(service_user, receiver) -> tuple[bool, str]:
    """(no active consent for the receiver, why the receiver does not cover
    the person or ""): what `Referral.send()` will ask about."""
    if service_user is None or receiver is None:
        return False, ""
    return (
        not has_active_consent(service_user.pk, receiver.pk),
        outside_catchment(receiver, service_user),
    )


def assessments_field(user, service_user) -> forms.ModelMultipleChoiceField:
    """The sender ticks which of the person's assessments (those the sender
    sees, newest first) go with the referral; the receiving unit sees these
    and no others. None is ticked unless the draft already has them."""
    queryset = Assessment.objects.none()
    if user is not None and service_user is not None:
        queryset = (
            Assessment.objects.for_user(user)
            .filter(service_user=service_user)
            .order_by("-assessed_on", "-pk")
        )
    field = forms.ModelMultipleChoiceField(
        label=_("Assessments to send with the referral"),
        queryset=queryset,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The receiving unit sees the assessments you tick here, and no other "
            "assessment of the person."
        ),
        error_messages={
            "invalid_choice": _("Choose assessments of this person that you may see."),
            "invalid_pk_value": _("Choose assessments of this person that you may see."),
        },
    )
    field.label_from_instance = assessment_label
    return field


def assessment_label(assessment: Assessment) -> str:
    """ "Assessment of 03.02.2026: mental health, housing": the date and the
    domains scored moderate or severe, so the sender knows which is which."""
    labels = {d: Assessment._meta.get_field(d).verbose_name for d in Assessment.DOMAINS}
    needs = [
        str(labels[d])
        for d, score in assessment.scores().items()
        if score >= Assessment.Score.MODERATE
    ]
    text = _("Assessment of %(day)s") % {"day": format_date(assessment.assessed_on)}
    if needs:
        text = f"{text}: {', '.join(needs)}"
    return text


class ChooseForm(forms.Form):
    """Step one of a new referral: who and what kind (the receiving unit is
    routed from these)."""

    service_user = forms.ModelChoiceField(
        label=_("Service user"),
        queryset=ServiceUser.objects.none(),
        error_messages={"required": _("Choose the person the referral is about.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of referral"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of referral.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_user"].queryset = self.service_user_choices(user)
        self.fields["service_user"].label_from_instance = lambda p: (
            f"{p.last_name}, {p.first_name} ({format_date(p.birth_date)})"
        )

    @staticmethod
    def service_user_choices(user):
        return (
            ServiceUser.objects.for_user(user, access.VIEW)
            .only("pk", "first_name", "last_name", "birth_date")
            .order_by("last_name", "first_name", "pk")
        )


#: What the residence's intake team asks for with an admission (the person's
#: record holds the rest); required when it is sent, not to save a draft.
ADMISSION_FIELDS = ("wanted_start", "needs_shielded_unit", "paying_municipality", "situation")


class ReferralForm(SendQuestionsMixin, forms.ModelForm):
    """Step two: the referral itself. Person and kind come from step one
    (hidden, checked against the user's scope again); the receiving unit is
    pre-selected by routing."""

    class Meta:
        model = Referral
        fields = [
            "service_user",
            "kind",
            "sender",
            "receiver",
            "urgency",
            "reason",
            "requested",
            "recommendations",
            *ADMISSION_FIELDS,
        ]
        widgets = {
            "service_user": forms.HiddenInput,
            "kind": forms.HiddenInput,
            "urgency": forms.RadioSelect,
            "reason": LimitedTextarea(attrs={"rows": 6}),
            "requested": LimitedTextarea(attrs={"rows": 4}),
            "recommendations": LimitedTextarea(attrs={"rows": 6}),
            "wanted_start": DateInput(),
            "situation": LimitedTextarea(attrs={"rows": 5}),
        }
        labels = {"receiver": _("Send to")}
        help_texts = {
            "reason": _(
                "Why the person is referred: the situation, history and what has been tried."
            ),
        }
        error_messages = {
            "reason": {"required": _("Write the reason for the referral.")},
        }

    field_order = [
        "sender",
        "receiver",
        "confirm_outside_catchment_note",
        "urgency",
        "reason",
        "requested",
        "recommendations",
        *ADMISSION_FIELDS,
        "assessments",
        "confirm_legal_basis",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["service_user"].queryset = ChooseForm.service_user_choices(user)
        senders = self.sender_choices(user)
        self.fields["sender"].queryset = senders
        self.fields["sender"].empty_label = None
        if len(senders) == 1:
            self.fields["sender"].widget = forms.HiddenInput()
        # Every active unit that takes referrals (the council only reads reports).
        self.fields["receiver"].queryset = Organisation.objects.referral_parties().order_by(
            "kind", "name"
        )
        self.fields["receiver"].error_messages["required"] = _("Choose the receiving unit.")
        if self.value("kind") != Kind.RETURN:
            del self.fields["recommendations"]
        if self.value("kind") != Kind.ADMISSION:
            for name in ADMISSION_FIELDS:
                del self.fields[name]
        else:
            # Municipalities valid today (and the one a draft already names).
            choices = Municipality.objects.current().filter(active=True)
            if self.instance.paying_municipality_id:
                choices = choices | Municipality.objects.filter(
                    pk=self.instance.paying_municipality_id
                )
            self.fields["paying_municipality"].queryset = choices.order_by("name")
            # Asked with the other questions when sending, not to save a draft.
            sending = not (self.is_bound and "save_draft" in self.data)
            missing = Referral(kind=Kind.ADMISSION).admission_details_missing()
            for name, message in missing.items():
                self.fields[name].required = sending
                self.fields[name].error_messages["required"] = message
        person = self.chosen("service_user")
        receiver = self.chosen("receiver")
        legal_basis, outside = send_questions(person, receiver)
        self.ask_only(
            legal_basis=legal_basis,
            outside_catchment=outside,
            required=not (self.is_bound and "save_draft" in self.data),
        )
        self.fields["assessments"] = assessments_field(user, person)
        self.order_fields(self.field_order)

    def value(self, name: str):
        if self.is_bound:
            return self.data.get(self.add_prefix(name)) or ""
        value = self.initial.get(name)
        return getattr(value, "pk", value) or ""

    def chosen(self, name: str):
        """The person or unit currently chosen (posted, else initial), from
        the field's own scoped queryset; None when missing or out of scope."""
        value = self.value(name)
        if not str(value).isdigit():
            return None
        return self.fields[name].queryset.filter(pk=value).first()

    @staticmethod
    def sender_choices(user):
        return (
            Organisation.objects.referral_parties()
            .filter(pk__in=access.organisation_ids(user, action=access.CHANGE))
            .order_by("name")
        )

    def clean(self):
        cleaned = super().clean()
        sender, receiver = cleaned.get("sender"), cleaned.get("receiver")
        if sender and receiver and sender == receiver:
            self.add_error("receiver", _("Send to another organisation."))
        return cleaned

    def send_kwargs(self) -> dict:
        return {
            "confirm_legal_basis": self.cleaned_data.get("confirm_legal_basis") or None,
            "confirm_outside_catchment_note": self.cleaned_data.get(
                "confirm_outside_catchment_note"
            )
            or None,
        }
