"""The individual plan's responsibility group: its participants (whose
organisations see the plan while their access and the person's consent
stand), its meetings and the decisions taken there."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models.organisations import Membership, Organisation
from municipalities.models.people import TimeStamped
from municipalities.models.plans import IndividualPlan
from municipalities.plans.querysets import ActionItemQuerySet, PlanPartQuerySet


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
