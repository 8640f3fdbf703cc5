"""The individual plan (individuell plan, IP): the decision on the right to
a plan, the person's own words, goals by Brukerplan domain, measures, the
crisis plan, evaluations, the responsibility group and its meetings.

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

import datetime
import json
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models.organisations import Membership, Organisation
from municipalities.models.people import ServiceUser, TimeStamped
from municipalities.models.records import Assessment
from municipalities.plans.querysets import (
    ActionItemQuerySet,
    AppendOnlyError,
    GoalPartQuerySet,
    HistoryQuerySet,
    IndividualPlanQuerySet,
    PlanPartQuerySet,
)

__all__ = ["AppendOnlyError"]


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


class Participant(TimeStamped):
    """A member of the responsibility group: staff of an organisation in BOPS
    (optionally a named user there) or a person outside BOPS by name and role.
    An organisation's members see the plan while the access period runs and
    the person's consent to that organisation stands."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        MUNICIPAL_SERVICE = "municipal_service", _("municipal service")
        SPECIALIST = "specialist", _("specialist service (DPS/BUP)")
        RESIDENCE = "residence", _("residence")
        GP = "gp", _("GP")
        NAV = "nav", _("NAV")
        NEXT_OF_KIN = "next_of_kin", _("next of kin")
        GUARDIAN = "guardian", _("guardian")
        OTHER = "other", _("other")

    plan = models.ForeignKey(
        IndividualPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_participations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_participations",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    role = models.CharField(_("role in the group"), max_length=20, choices=Role.choices)
    is_leader = models.BooleanField(_("leads the group"), default=False)
    access_from = models.DateField(_("access from"), default=timezone.localdate)
    access_until = models.DateField(_("access until"), null=True, blank=True)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-is_leader", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False)
                | models.Q(user__isnull=False)
                | ~models.Q(name=""),
                name="%(app_label)s_%(class)s_names_someone",
                violation_error_message=_("Name an organisation, a user or a person."),
            ),
            models.CheckConstraint(
                condition=models.Q(access_until__isnull=True)
                | models.Q(access_until__gte=models.F("access_from")),
                name="%(app_label)s_%(class)s_access_ends_after_start",
                violation_error_message=_("Access cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(is_leader=True),
                name="%(app_label)s_%(class)s_one_leader",
                violation_error_message=_("The group already has a leader."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        who = self.name or (self.user.get_full_name() or self.user.username if self.user else "")
        if self.organisation_id:
            return f"{who}, {self.organisation}" if who else str(self.organisation)
        return who

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.user_id and not self.organisation_id:
            organisations = list(
                Membership.objects.filter(user_id=self.user_id).values_list(
                    "organisation_id", flat=True
                )
            )
            if len(set(organisations)) == 1:
                self.organisation_id = organisations[0]
            else:
                errors["organisation"] = _("Say which organisation this user takes part for.")
        elif (
            self.user_id
            and self.organisation_id
            and not Membership.objects.filter(
                user_id=self.user_id, organisation_id=self.organisation_id
            ).exists()
        ):
            errors["user"] = _("This user does not work in that organisation.")
        if not (self.organisation_id or self.user_id or self.name):
            errors["name"] = _("Name an organisation, a user or a person.")
        if self.access_until and self.access_from and self.access_until < self.access_from:
            errors["access_until"] = _("Access cannot end before it starts.")
        if self.is_leader and self.plan_id:
            others = Participant.objects.filter(plan_id=self.plan_id, is_leader=True)
            if others.exclude(pk=self.pk).exists():
                errors["is_leader"] = _("The group already has a leader.")
        if errors:
            raise ValidationError(errors)

    def has_access(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return bool(
            self.organisation_id
            and self.access_from <= day
            and (self.access_until is None or self.access_until >= day)
        )

    def has_consent(self, day: datetime.date | None = None) -> bool:
        """The person's consent to share with this participant's organisation stands."""
        day = day or timezone.localdate()
        if not self.organisation_id:
            return False
        return any(
            c.organisation_id == self.organisation_id and c.is_active(day)
            for c in self.plan.service_user.consents.all()
        )


class Meeting(TimeStamped):
    """A meeting of the responsibility group."""

    plan = models.ForeignKey(
        IndividualPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    place = models.CharField(_("place or video link"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, max_length=4000)
    invited = models.ManyToManyField(
        Participant, verbose_name=_("invited"), blank=True, related_name="invited_to"
    )
    attended = models.ManyToManyField(
        Participant, verbose_name=_("attended"), blank=True, related_name="attended"
    )
    minutes = models.TextField(_("minutes"), blank=True, max_length=10000)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


class ActionItem(models.Model):
    """A decision taken in a meeting; with an owner and a due date it is an
    action item that shows on the owner's dashboard when overdue."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("decision"), max_length=2000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_action_items",
    )
    owner_name = models.CharField(
        _("owner outside BOPS"), max_length=200, blank=True, help_text=_("E.g. the GP.")
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["owner", "due_on"], name="mun_ip_action_owner_due_idx")]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_action_item(self) -> bool:
        return bool((self.owner_id or self.owner_name) and self.due_on)

    @property
    def overdue(self) -> bool:
        return bool(self.due_on and not self.done_on and self.due_on < timezone.localdate())


class PlanHistory(models.Model):
    """One change to a plan's status, goals, measures or participants: who,
    when, before and after. Never edited, never deleted (a trigger on
    PostgreSQL refuses it too, migration 0004)."""

    class Subject(models.TextChoices):
        STATUS = "status", _("status")
        PLAN = "plan", _("plan")
        GOAL = "goal", _("goal")
        MEASURE = "measure", _("measure")
        PARTICIPANT = "participant", _("participant")

    plan = models.ForeignKey(
        IndividualPlan,
        verbose_name=_("plan"),
        on_delete=models.PROTECT,
        related_name="history",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("what"), max_length=20, choices=Subject.choices)
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "at", "pk"]
        verbose_name = _("plan history entry")
        verbose_name_plural = _("plan history")

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.subject}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("Plan history cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("Plan history cannot be deleted."))

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        return [
            (key, before.get(key), after.get(key))
            for key in sorted({*before, *after})
            if before.get(key) != after.get(key)
        ]


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


ANONYMISED_TEXT = "[anonymisert]"
# Kept in a redacted history row: what the statistics and the timeline need.
HISTORY_KEPT_KEYS = {"status", "domain", "role"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?$")


def _free_text_fields(model) -> list:
    """Text and char fields without choices: what a person may have written."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices
    ]


def _clear(queryset) -> int:
    """Blank every free-text field of the rows (a required one gets the
    placeholder, and so does a filled-in one where the row needs it)."""
    fields = {f.name: "" if f.blank else ANONYMISED_TEXT for f in _free_text_fields(queryset.model)}
    return queryset.update(**fields) if fields and queryset.exists() else 0


def _redacted(snapshot):
    if not isinstance(snapshot, dict):
        return snapshot
    return {
        key: value
        if value is None
        or not isinstance(value, str)
        or key in HISTORY_KEPT_KEYS
        or key.endswith("_id")
        or ISO_DATE.match(value)
        else ANONYMISED_TEXT
        for key, value in snapshot.items()
    }


def redact_history(plans) -> int:
    """Replace the free text in `before` and `after` of the plans' history
    (kept: status, domain, role, ids and dates). The history is append-only;
    on PostgreSQL its trigger lets this one kind of update through when the
    transaction says so (migration 0009), and the setting ends with the
    transaction. Runs inside the anonymisation's transaction.

    On PostgreSQL the application role has no UPDATE on the history: the
    SECURITY DEFINER function of migration 0012 does the same redaction in
    SQL with the owner's rights, and the trigger accepts nothing else."""
    if connection.vendor == "postgresql":
        people = set(plans.values_list("service_user_id", flat=True))
        with connection.cursor() as cursor:
            changed_rows = 0
            for person in sorted(people):
                cursor.execute("SELECT municipalities_redact_plan_history(%s)", [person])
                changed_rows += cursor.fetchone()[0]
        return changed_rows
    rows = list(PlanHistory.objects.filter(plan__in=plans).values_list("pk", "before", "after"))
    changed = [
        (_redacted(before), _redacted(after), pk)
        for pk, before, after in rows
        if (_redacted(before), _redacted(after)) != (before, after)
    ]
    if not changed:
        return 0
    table = connection.ops.quote_name(PlanHistory._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('bops.redact_plan_history', 'on', true)")
        cursor.executemany(
            f"UPDATE {table} SET before = %s, after = %s WHERE id = %s",
            [
                (
                    None if before is None else json.dumps(before),
                    None if after is None else json.dumps(after),
                    pk,
                )
                for before, after, pk in changed
            ],
        )
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('bops.redact_plan_history', 'off', true)")
    return len(changed)


def anonymise_plans(service_user) -> int:
    """Clear the free text of the person's plans: the owner statement,
    refusal reason and proposed group, goals and progress notes, measures
    (with contact names and phones), the crisis plan, evaluations, the
    participants' names and phones, meetings (place, agenda, minutes) and
    their decisions, and the history's before and after. The person's own
    logins to the plan go, and their user accounts are closed and emptied.
    Statuses, domains, roles and dates stay, so every count stays the same.
    Returns the number of plans."""
    plans = IndividualPlan.objects.filter(service_user=service_user)
    if not plans.exists():
        return 0
    with transaction.atomic():
        _clear(plans)
        _clear(Goal.objects.filter(plan__in=plans))
        _clear(ProgressNote.objects.filter(goal__plan__in=plans))
        _clear(Measure.objects.filter(plan__in=plans))
        _clear(CrisisPlan.objects.filter(plan__in=plans))
        _clear(Evaluation.objects.filter(plan__in=plans))
        # A participant outside BOPS is known by name only: keep a placeholder.
        participants = Participant.objects.filter(plan__in=plans)
        participants.exclude(name="").update(name=ANONYMISED_TEXT)
        participants.update(phone="")
        _clear(Meeting.objects.filter(plan__in=plans))
        _clear(ActionItem.objects.filter(meeting__plan__in=plans))
        redact_history(plans)
        logins = PlanOwnerLogin.objects.filter(plan__in=plans)
        user_ids = list(logins.values_list("user_id", flat=True))
        logins.delete()
        for user in get_user_model().objects.filter(pk__in=user_ids):
            user.username = f"anonymised-plan-owner-{user.pk}"
            user.first_name = user.last_name = user.email = ""
            user.is_active = False
            user.set_unusable_password()
            user.save()
        return plans.count()
