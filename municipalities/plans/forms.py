"""Forms for the plan pages. Choices come from the plan and the user's scope."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from bops import access
from municipalities.hooks import plan_measure_fields
from municipalities.models import (
    ActionItem,
    CrisisPlan,
    Evaluation,
    Goal,
    IndividualPlan,
    Measure,
    Meeting,
    Organisation,
    Participant,
    ProgressNote,
)
from municipalities.models.organisations import Membership, coordinator_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def staff_users():
    # Not a wall screen login: it is a screen, not a person taking part.
    roles = [role for role in Membership.Role.values if role not in access.SCREEN_ROLES]
    return get_user_model().objects.filter(is_active=True, memberships__role__in=roles).distinct()


class PlanForm(forms.ModelForm):
    class Meta:
        model = IndividualPlan
        fields = ["coordinator", "owner_statement", "proposed_group", "next_evaluation"]
        widgets = {"next_evaluation": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinator_choices(user)
        self.fields["coordinator"].required = True


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=IndividualPlan.Status.choices)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DATE)
    refusal_reason = forms.CharField(
        label=_("Reason for refusal"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PartForm(forms.ModelForm):
    """A part of `plan`: choices of goals and people come from it."""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        if "goal" in self.fields:
            self.fields["goal"].queryset = plan.goals.all()


class GoalForm(PartForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Goal
        fields = ["text", "domain", "target_date", "status"]
        widgets = {"target_date": DATE, "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class MeasureForm(PartForm):
    class Meta:
        model = Measure
        fields = [
            "description",
            "goal",
            "responsible_organisation",
            "responsible_other",
            "contact_name",
            "contact_phone",
            "start",
            "end",
            "scope",
            "status",
        ]
        widgets = {"start": DATE, "end": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_organisation"].queryset = Organisation.objects.filter(
            active=True
        ).exclude(kind=Organisation.Kind.COUNCIL)
        # Fields the apps above add (the shared measure of the catalogue).
        for add_fields in plan_measure_fields:
            add_fields(self)


class ParticipantForm(PartForm):
    class Meta:
        model = Participant
        fields = [
            "organisation",
            "user",
            "name",
            "phone",
            "role",
            "is_leader",
            "access_from",
            "access_until",
        ]
        widgets = {"access_from": DATE, "access_until": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True).exclude(
            kind=Organisation.Kind.COUNCIL
        )
        self.fields["user"].queryset = staff_users()
        self.fields["access_from"].help_text = _(
            "Access rests on the person's consent to share with the organisation."
        )


class MeetingForm(PartForm):
    class Meta:
        model = Meeting
        fields = [
            "starts_at",
            "duration_minutes",
            "place",
            "agenda",
            "invited",
            "attended",
            "minutes",
        ]
        widgets = {
            "starts_at": DATETIME,
            "invited": forms.CheckboxSelectMultiple,
            "attended": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["invited"].queryset = plan.participants.all()
        self.fields["attended"].queryset = plan.participants.all()


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["text", "owner", "owner_name", "due_on", "done_on"]
        widgets = {"due_on": DATE, "done_on": DATE, "text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["owner"].queryset = staff_users()


class CrisisPlanForm(forms.ModelForm):
    class Meta:
        model = CrisisPlan
        fields = ["warning_signs", "what_helps", "what_to_avoid", "who_to_call", "agreed_measures"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class EvaluationForm(PartForm):
    next_evaluation = forms.DateField(label=_("Next evaluation"), required=False, widget=DATE)

    class Meta:
        model = Evaluation
        fields = ["evaluated_on", "summary", "goals_met", "changes"]
        widgets = {"evaluated_on": DATE, "goals_met": forms.CheckboxSelectMultiple}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["goals_met"].queryset = plan.goals.all()


class ProgressNoteForm(forms.ModelForm):
    class Meta:
        model = ProgressNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
