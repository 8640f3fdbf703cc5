"""Forms for the referral page's transitions, one per kind of move.

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

from bops import dates
from bops.errors import DomainError, add_to_form
from bops.widgets import LimitedTextarea
from municipalities.forms import DateInput
from referrals.choices import (
    TRANSITIONS,
    CompletionReason,
    ProposedOwner,
    RejectionReason,
    Transition,
    WithdrawalReason,
)
from referrals.forms import SendQuestionsMixin, assessments_field, send_questions
from referrals.models import Referral
from referrals.transition_core import recommendation_lines


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
