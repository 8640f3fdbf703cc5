"""The individual plan (individuell plan, IP): the decision on the right to
a plan, the person's own words and the plan owner's own login. Its parts
live beside it: goals, progress notes, measures, the crisis plan and
evaluations (plan_goals.py); the responsibility group, its meetings and
their decisions (plan_groups.py); the append-only history and the
anonymisation of a person's plans (plan_history.py).

Access: `IndividualPlan.objects.for_user(user, action)` and the same scope
for every part (municipalities/plans/querysets.py). Changes to status,
goals, measures and participants go through municipalities/plans/services.py,
which writes a `PlanHistory` row in the same transaction; that history is
append-only in the model and, on PostgreSQL, in a database trigger.

Anonymisation of the person (privacy/anonymise.py calls
`IndividualPlan.anonymise_rows`) clears the free text of the plan and every
part of it and redacts the free text in its history (`redact_history`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models.organisations import Membership
from municipalities.models.people import ServiceUser, TimeStamped
from municipalities.models.records import Assessment
from municipalities.plans.querysets import IndividualPlanQuerySet, PlanPartQuerySet


class Domain(models.TextChoices):
    """The eight Brukerplan life domains, the same keys as `Assessment.DOMAINS`."""

    SUBSTANCE_USE = "substance_use", _("substance use")
    FINANCES = "finances", _("finances")
    MENTAL_HEALTH = "mental_health", _("mental health")
    PHYSICAL_HEALTH = "physical_health", _("physical health")
    HOUSING = "housing", _("housing")
    SOCIAL_SKILLS = "social_skills", _("social skills")
    NETWORK = "network", _("network")
    ACTIVITY = "activity", _("work and activity")


assert tuple(Domain.values) == Assessment.DOMAINS, "plan domains follow the assessment"


class IndividualPlan(TimeStamped):
    """One person's individual plan and the decision on their right to it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        GRANTED = "granted", _("granted")
        REFUSED = "refused", _("refused")
        BEING_PREPARED = "being_prepared", _("being prepared")
        ESTABLISHED = "established", _("established")
        UNDER_REVISION = "under_revision", _("under revision")
        CLOSED = "closed", _("closed")

    #: Where each status may go next.
    TRANSITIONS = {
        Status.REQUESTED: {Status.GRANTED, Status.REFUSED},
        Status.GRANTED: {Status.BEING_PREPARED, Status.CLOSED},
        Status.REFUSED: {Status.REQUESTED},
        Status.BEING_PREPARED: {Status.ESTABLISHED, Status.CLOSED},
        Status.ESTABLISHED: {Status.UNDER_REVISION, Status.CLOSED},
        Status.UNDER_REVISION: {Status.ESTABLISHED, Status.CLOSED},
        Status.CLOSED: set(),
    }
    #: Statuses in which the plan is in force (counts, dashboards).
    IN_FORCE = (Status.BEING_PREPARED, Status.ESTABLISHED, Status.UNDER_REVISION)

    service_user = models.ForeignKey(
        ServiceUser,
        verbose_name=_("service user"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.SET_NULL,
        # Null only for plans carried over from the old IP fields without one.
        null=True,
        related_name="coordinated_plans",
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True, max_length=2000)
    proposed_group = models.TextField(
        _("proposed responsibility group"), blank=True, max_length=2000
    )
    owner_statement = models.TextField(
        _("what matters to me"),
        blank=True,
        max_length=5000,
        help_text=_("In the person's own words. Shown first, above what the services write."),
    )
    next_evaluation = models.DateField(_("next evaluation"), null=True, blank=True)

    objects = IndividualPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("individual plan")
        verbose_name_plural = _("individual plans")
        constraints = [
            # One plan per person that is not closed or refused.
            models.UniqueConstraint(
                fields=["service_user"],
                condition=~models.Q(status__in=["closed", "refused"]),
                name="%(app_label)s_%(class)s_one_open_plan_per_person",
                violation_error_message=_("This person already has an open individual plan."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="%(app_label)s_%(class)s_refusal_has_reason",
                violation_error_message=_("A refusal needs a reason."),
            ),
        ]
        indexes = [
            models.Index(fields=["coordinator", "status"], name="mun_ip_coord_status_idx"),
            # The API's keyset order (newest first), for a scope of the whole country.
            models.Index(fields=["-created_at", "-id"], name="mun_ip_created_id_idx"),
        ]

    def __str__(self) -> str:
        return str(_("Individual plan for %(name)s")) % {"name": self.service_user}

    def clean(self) -> None:
        """The coordinator works in the person's home municipality."""
        super().clean()
        if self.coordinator_id and self.service_user_id:
            serves_here = Membership.objects.filter(
                user_id=self.coordinator_id,
                role=Membership.Role.COORDINATOR,
                organisation__municipality_id=self.service_user.home_municipality_id,
            ).exists()
            if not serves_here and not self.coordinator.is_superuser:
                raise ValidationError(
                    {
                        "coordinator": _(
                            "The coordinator must be a coordinator in the person's "
                            "home municipality."
                        )
                    }
                )

    @classmethod
    def anonymise_rows(cls, service_user) -> int:
        """The anonymisation's step for plans (privacy/anonymise.py calls it
        for every model pointing at the person): see `anonymise_plans`."""
        # The anonymisation reads every part of the plan, which imports this module.
        from municipalities.models.plan_history import anonymise_plans

        return anonymise_plans(service_user)

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    def next_statuses(self) -> list:
        return [s for s in self.Status if s in self.TRANSITIONS[self.Status(self.status)]]

    @property
    def evaluation_overdue(self) -> bool:
        return bool(
            self.next_evaluation
            and self.next_evaluation < timezone.localdate()
            and self.status in self.IN_FORCE
        )


class PlanOwnerLogin(models.Model):
    """A login of the plan's owner (the person) or of the one representative
    they name. It sees only this plan, and only after the second factor
    (municipalities/plans/owner.py)."""

    class Kind(models.TextChoices):
        OWNER = "owner", _("the person")
        REPRESENTATIVE = "representative", _("representative")

    plan = models.ForeignKey(
        IndividualPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="owner_logins",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="plan_owner_login",
    )
    kind = models.CharField(_("who"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan owner login")
        verbose_name_plural = _("plan owner logins")
        constraints = [
            # The person and one representative: one login of each kind.
            models.UniqueConstraint(
                fields=["plan", "kind"], name="%(app_label)s_%(class)s_one_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_kind_display()})"

    def clean(self) -> None:
        super().clean()
        if self.user_id and Membership.objects.filter(user_id=self.user_id).exists():
            raise ValidationError({"user": _("A staff login cannot be a plan owner's login.")})
