"""What is recorded about a service user: consents, Brukerplan assessments and private purchases."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops import dates
from bops.formats import format_date
from municipalities.models.organisations import Municipality, Organisation
from municipalities.models.people import ServiceUser, TimeStamped
from municipalities.querysets import (
    AssessmentQuerySet,
    ConsentQuerySet,
    PrivatePurchaseQuerySet,
)


class Consent(TimeStamped):
    """The person's consent to share information with an organisation."""

    service_user = models.ForeignKey(
        ServiceUser,
        verbose_name=_("service user"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("shared with"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    given_on = models.DateField(_("given on"), validators=[dates.RECORD])
    withdrawn_on = models.DateField(
        _("withdrawn on"), null=True, blank=True, validators=[dates.RECORD]
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="%(app_label)s_%(class)s_withdrawn_after_given",
                violation_error_message=_("A consent cannot be withdrawn before it was given."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_user} → {self.organisation}"

    def is_active(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


class Assessment(TimeStamped):
    """A dated functional mapping in the style of Brukerplan: eight life
    domains, each scored 1 (no problem) to 4 (severe), so change over time
    can be shown."""

    class Score(models.IntegerChoices):
        NONE = 1, _("1 – no problem")
        MILD = 2, _("2 – mild")
        MODERATE = 3, _("3 – moderate")
        SEVERE = 4, _("4 – severe")

    DOMAINS = (
        "substance_use",
        "finances",
        "mental_health",
        "physical_health",
        "housing",
        "social_skills",
        "network",
        "activity",
    )

    service_user = models.ForeignKey(
        ServiceUser,
        verbose_name=_("service user"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    assessed_on = models.DateField(_("assessed on"), validators=[dates.RECORD])
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    substance_use = models.PositiveSmallIntegerField(_("substance use"), choices=Score.choices)
    finances = models.PositiveSmallIntegerField(_("finances"), choices=Score.choices)
    mental_health = models.PositiveSmallIntegerField(_("mental health"), choices=Score.choices)
    physical_health = models.PositiveSmallIntegerField(_("physical health"), choices=Score.choices)
    housing = models.PositiveSmallIntegerField(_("housing"), choices=Score.choices)
    social_skills = models.PositiveSmallIntegerField(_("social skills"), choices=Score.choices)
    network = models.PositiveSmallIntegerField(_("network"), choices=Score.choices)
    activity = models.PositiveSmallIntegerField(_("work and activity"), choices=Score.choices)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.service_user} {format_date(self.assessed_on)}"

    def scores(self) -> dict[str, int]:
        return {domain: getattr(self, domain) for domain in self.DOMAINS}


class PrivatePurchase(TimeStamped):
    """A place bought from a private provider: the baseline the shared
    residence is compared against."""

    service_user = models.ForeignKey(
        ServiceUser,
        verbose_name=_("service user"),
        on_delete=models.CASCADE,
        related_name="private_purchases",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("paying municipality"),
        on_delete=models.PROTECT,
        related_name="private_purchases",
    )
    provider = models.CharField(_("provider"), max_length=200)
    daily_cost = models.PositiveIntegerField(
        _("daily cost (NOK)"), validators=[MinValueValidator(1), MaxValueValidator(1_000_000)]
    )
    start_date = models.DateField(_("from"), validators=[dates.STAY])
    end_date = models.DateField(_("to"), null=True, blank=True, validators=[dates.STAY])

    objects = PrivatePurchaseQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("private purchase")
        verbose_name_plural = _("private purchases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("The period must end on or after its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} ({self.service_user})"

    @classmethod
    def anonymisation_blockers(cls, service_user) -> list[str]:
        """A person with a purchase still running has not left the service."""
        today = timezone.localdate()
        ongoing = cls.objects.filter(service_user=service_user).filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=today)
        )
        if ongoing.exists():
            return [_("A private purchase for the person is still ongoing.")]
        return []
