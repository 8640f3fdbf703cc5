"""The individual plan's content: the person's goals by Brukerplan life
domain with their progress notes, the measures that serve them, the crisis
plan and the evaluations (municipalities/models/plans.py has the plan)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models.organisations import Organisation
from municipalities.models.people import TimeStamped
from municipalities.models.plans import Domain, IndividualPlan
from municipalities.plans.querysets import GoalPartQuerySet, PlanPartQuerySet


class Goal(TimeStamped):
    """One of the person's goals, tied to a Brukerplan life domain. `version`
    counts saves, so a second editor working from an old copy is told."""

    class Status(models.TextChoices):
        OPEN = "open", _("working on it")
        MET = "met", _("met")
        PARTLY_MET = "partly_met", _("partly met")
        DROPPED = "dropped", _("no longer a goal")

    plan = models.ForeignKey(
        IndividualPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    text = models.TextField(_("goal"), max_length=2000)
    domain = models.CharField(_("life domain"), max_length=20, choices=Domain.choices)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text[:80]


class ProgressNote(models.Model):
    """A dated note on how a goal is going; the plan owner may write one too."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(_("note"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written"), default=timezone.now)

    objects = GoalPartQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "written_at", "pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return self.text[:80]


class Measure(TimeStamped):
    """A measure (tiltak): what is done, who is responsible, for which goal,
    and optionally the referral, residence stay or private purchase that
    delivers it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")

    plan = models.ForeignKey(
        IndividualPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="measures"
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal it serves"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
    )
    description = models.TextField(_("what is done"), max_length=2000)
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_measures",
    )
    responsible_other = models.CharField(
        _("responsible outside BOPS"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the GP or NAV, when no organisation in BOPS is responsible."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    scope = models.CharField(_("scope or frequency"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        verbose_name=_("delivered by referral"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_measures",
    )
    stay = models.ForeignKey(
        "capacity.Stay",
        verbose_name=_("delivered by residence stay"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_measures",
    )
    private_purchase = models.ForeignKey(
        "municipalities.PrivatePurchase",
        verbose_name=_("delivered by private purchase"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_measures",
    )

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "start", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("A measure cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("A measure cannot end before it starts.")
        if self.goal_id and self.plan_id and self.goal.plan_id != self.plan_id:
            errors["goal"] = _("The goal belongs to another plan.")
        person = self.plan.service_user_id if self.plan_id else None
        for name in ("referral", "stay", "private_purchase"):
            related = getattr(self, name)
            if related is not None and related.service_user_id != person:
                errors[name] = _("This belongs to another person.")
        if errors:
            raise ValidationError(errors)

    @property
    def responsible(self) -> str:
        if self.responsible_organisation_id:
            return str(self.responsible_organisation)
        return self.responsible_other


class CrisisPlan(TimeStamped):
    """The crisis plan: signs, what helps, who to call. `revised_on` is the
    date of its last revision (the person's former crisis-plan date)."""

    plan = models.OneToOneField(
        IndividualPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="crisis_plan",
    )
    warning_signs = models.TextField(_("early warning signs"), blank=True, max_length=4000)
    what_helps = models.TextField(_("what helps"), blank=True, max_length=4000)
    what_to_avoid = models.TextField(_("what to avoid"), blank=True, max_length=4000)
    who_to_call = models.TextField(_("who to call, day and night"), blank=True, max_length=2000)
    agreed_measures = models.TextField(
        _("agreed measures in a crisis"), blank=True, max_length=4000
    )
    revised_on = models.DateField(_("last revised"), null=True, blank=True)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("crisis plan")
        verbose_name_plural = _("crisis plans")

    def __str__(self) -> str:
        return str(_("Crisis plan"))


class Evaluation(models.Model):
    """An evaluation of the plan: what was met and what changes."""

    plan = models.ForeignKey(
        IndividualPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    evaluated_on = models.DateField(_("evaluated on"))
    summary = models.TextField(_("summary"), max_length=4000)
    goals_met = models.ManyToManyField(
        Goal, verbose_name=_("goals met"), blank=True, related_name="+"
    )
    changes = models.TextField(_("what changes"), blank=True, max_length=4000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-evaluated_on", "-pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.evaluated_on:%d.%m.%Y}"
