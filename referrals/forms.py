"""Forms for the referral pages: one per transition, and the new-referral form.

The rules live in the model's transition methods; these forms only collect
the input. Required fields say so with the same message the method would
give, and any error the method raises is put next to its field by
`bops.errors.add_to_form()`. Which form a transition uses, and which of its
fields the method takes, is the transition table's (referrals/choices.py).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bops import access, dates
from bops.errors import DomainError, add_to_form
from bops.formats import format_date
from bops.widgets import LimitedTextarea
from municipalities.forms import DateInput
from municipalities.models import Assessment, Municipality, Organisation, ServiceUser
from referrals.choices import (
    TRANSITIONS,
    CompletionReason,
    Kind,
    LegalBasis,
    RejectionReason,
    Transition,
    WithdrawalReason,
)
from referrals.models import Referral
from referrals.notices import NoticeKind, sending_units
from referrals.recommendations import ANSWERS, ProposedOwner, RecommendationStatus
from referrals.routing import outside_catchment
from referrals.rules import has_active_consent
from referrals.transitions import recommendation_lines


class TransitionForm(forms.Form):
    """The version the user saw (hidden) and an optional note."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=10000,
        widget=LimitedTextarea(attrs={"rows": 3}),
    )

    #: Form fields named differently from the method's keyword argument.
    field_names: dict[str, str] = {}

    def __init__(self, *args, transition: Transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition

    def method_kwargs(self) -> dict:
        """The transition method's keyword arguments: those of the table's
        `fields` that this form asks for, and the version."""
        data = {
            name: self.cleaned_data.get(name)
            for name in self.transition.fields
            if name in self.fields
        }
        return {"version": self.cleaned_data["version"], **data}

    def add_error_from(self, error: DomainError | ValidationError) -> None:
        """Show what the transition method refused, next to the field."""
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for model_name, form_name in self.field_names.items():
                if model_name in error.error_dict:
                    error.error_dict[form_name] = error.error_dict.pop(model_name)
        add_to_form(self, error)


class VersionOnlyForm(TransitionForm):
    """One click: no questions (receive, start, acknowledge)."""

    note = None


class RejectForm(TransitionForm):
    reason = forms.ChoiceField(
        label=_("Reason for rejection"),
        choices=RejectionReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reason for the rejection.")},
    )
    advice = forms.CharField(
        label=_("Advice to the sender"),
        help_text=_("What should the sender do instead? This is what makes a rejection useful."),
        max_length=5000,
        widget=LimitedTextarea(attrs={"rows": 5}),
        error_messages={"required": _("Give the sender advice on what to do instead.")},
    )
    field_order = ["reason", "advice", "note"]
    # The model names the reason field after its column.
    field_names = {"rejection_reason": "reason"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = _("Internal note")


class RequestInfoForm(TransitionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        note = self.fields["note"]
        note.required = True
        note.label = _("What information do you need?")
        note.error_messages["required"] = _("Write what information you need.")


class ProvideInfoForm(TransitionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        note = self.fields["note"]
        note.required = True
        note.label = _("The information that was asked for")
        note.error_messages["required"] = _("Write the information that was asked for.")


class AcceptForm(TransitionForm):
    planned_start = forms.DateField(
        label=_("Planned start"),
        required=False,
        help_text=_("dd.mm.yyyy"),
        widget=DateInput(),
        validators=[dates.DEADLINE],
    )
    field_order = ["planned_start", "note"]


class CompleteForm(TransitionForm):
    completion_reason = forms.ChoiceField(
        label=_("Why is the referral completed?"),
        choices=CompletionReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reason.")},
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        required=False,
        max_length=10000,
        help_text=_(
            "What the municipality should follow up after the stay or treatment: one "
            "recommendation per line. The municipality answers each one."
        ),
        widget=LimitedTextarea(attrs={"rows": 4}),
    )

    #: Rows for recommendations with a proposed owner and a date.
    ITEM_ROWS = 4

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, self.ITEM_ROWS + 1):
            self.fields[f"item_{n}_text"] = forms.CharField(
                label=_("Recommendation %(n)s") % {"n": n},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"item_{n}_owner"] = forms.ChoiceField(
                label=_("Proposed owner of recommendation %(n)s") % {"n": n},
                choices=ProposedOwner.choices,
                initial=ProposedOwner.MUNICIPAL_SERVICE,
                required=False,
            )
            self.fields[f"item_{n}_due"] = forms.DateField(
                label=_("By date for recommendation %(n)s") % {"n": n},
                required=False,
                help_text=_("dd.mm.yyyy"),
                widget=DateInput(),
            )
        self.order_fields(["completion_reason", "recommendations", "note"])

    def items(self) -> list[dict]:
        """The filled rows, then one item per line of the free text."""
        rows = []
        for n in range(1, self.ITEM_ROWS + 1):
            text = (self.cleaned_data.get(f"item_{n}_text") or "").strip()
            if text:
                rows.append(
                    {
                        "text": text,
                        "proposed_owner": self.cleaned_data.get(f"item_{n}_owner")
                        or ProposedOwner.MUNICIPAL_SERVICE,
                        "due": self.cleaned_data.get(f"item_{n}_due"),
                    }
                )
        lines = recommendation_lines(self.cleaned_data.get("recommendations") or "")
        return rows + [{"text": line} for line in lines]

    def method_kwargs(self) -> dict:
        kwargs = super().method_kwargs()
        if any((self.cleaned_data.get(f"item_{n}_text") or "").strip() for n in range(1, 5)):
            kwargs["recommendations"] = self.items()
        return kwargs


class WithdrawForm(TransitionForm):
    withdrawal_reason = forms.ChoiceField(
        label=_("Why is the referral withdrawn?"),
        choices=WithdrawalReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reason.")},
    )
    field_order = ["withdrawal_reason", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = _("Note")
        self.fields["note"].help_text = _("Required when the reason is other.")


class ReopenForm(TransitionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        note = self.fields["note"]
        note.required = True
        note.label = _("Why is the referral reopened?")
        note.error_messages["required"] = _("Write why the referral is reopened.")


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


class SendForm(SendQuestionsMixin, TransitionForm):
    field_order = ["confirm_legal_basis", "confirm_outside_catchment_note", "assessments", "note"]

    def __init__(self, *args, referral, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        legal_basis, outside = send_questions(referral.service_user, referral.receiver)
        self.ask_only(legal_basis=legal_basis, outside_catchment=outside, required=True)
        if user is not None:
            # The draft's choice, to confirm or change as it is sent.
            self.fields["assessments"] = assessments_field(user, referral.service_user)
            self.fields["assessments"].initial = list(
                referral.assessments.values_list("pk", flat=True)
            )
            self.order_fields(self.field_order)


#: The forms the transition table names (`Transition.form`).
FORMS: dict[str, type[TransitionForm]] = {
    "send": SendForm,
    "version_only": VersionOnlyForm,
    "accept": AcceptForm,
    "reject": RejectForm,
    "request_info": RequestInfoForm,
    "provide_info": ProvideInfoForm,
    "complete": CompleteForm,
    "withdraw": WithdrawForm,
    "reopen": ReopenForm,
}


def transition_form(name: str, referral: Referral, data=None, user=None) -> TransitionForm:
    """The page form of transition `name` for `referral`, with the version
    the user sees (and, to send, the assessments `user` may send with it)."""
    transition = TRANSITIONS[name]
    form_class = FORMS[transition.form]
    kwargs = {"initial": {"version": referral.version}, "transition": transition}
    if issubclass(form_class, SendForm):
        kwargs["referral"] = referral
        kwargs["user"] = user
    return form_class(data, **kwargs)


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


# --- recommendations and notices ----------------------------------------------


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
