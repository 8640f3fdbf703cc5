"""The parties and the people served: municipalities, organisations, memberships,
service users and what is recorded about them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities import identity
from municipalities.querysets import (
    MunicipalityQuerySet,
    PersonalDataQuerySet,
    ServiceUserQuerySet,
)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Municipality(models.Model):
    """A Norwegian municipality (kommune), identified by its 4-digit number."""

    number = models.CharField(
        _("municipality number"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("A municipality number has four digits."))],
    )
    name = models.CharField(_("name"), max_length=100)
    county = models.CharField(_("county"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("population"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"


class Organisation(models.Model):
    """A party that sends or receives work: a municipal service, a DPS or BUP
    unit, the shared residence or the regional council.

    Its catchment (municipalities served, age range) drives referral routing.
    """

    class Kind(models.TextChoices):
        MUNICIPAL_SERVICE = "municipal_service", _("municipal service")
        DPS = "dps", _("DPS (adult psychiatry)")
        BUP = "bup", _("BUP (child and adolescent psychiatry)")
        RESIDENCE = "residence", _("residence")
        COUNCIL = "council", _("regional council")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    health_trust = models.CharField(_("health trust"), max_length=100, blank=True)
    catchment = models.ManyToManyField(
        Municipality,
        verbose_name=_("catchment municipalities"),
        blank=True,
        related_name="serving_organisations",
    )
    min_age = models.PositiveSmallIntegerField(_("lowest age served"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("highest age served"), null=True, blank=True)
    email = models.EmailField(_("shared e-mail address"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["name"], name="%(app_label)s_%(class)s_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def serves_age(self, age: int) -> bool:
        return (self.min_age is None or age >= self.min_age) and (
            self.max_age is None or age <= self.max_age
        )


class Membership(models.Model):
    """A user's role in an organisation. A user may hold several."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        INTAKE = "intake", _("intake clinician")
        RESIDENCE_LEAD = "residence_lead", _("residence intake team / leader")
        COUNCIL_READER = "council_reader", _("council reader")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    read_only = models.BooleanField(
        _("read only"),
        default=False,
        help_text=_("May see what the role sees, but change nothing."),
    )

    class Meta:
        ordering = ["organisation__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                name="%(app_label)s_%(class)s_unique_user_organisation_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


class ServiceUser(TimeStamped):
    """A person served (tenestemottakar). Health data: access only through
    `ServiceUser.objects.for_user(user)`."""

    class Pathway(models.IntegerChoices):
        MILD_SHORT = 1, _("1 – mild or short-lasting")
        SERIOUS_SHORT_OR_MILD_LONG = 2, _("2 – serious and short, or mild and long-lasting")
        SERIOUS_LONG = 3, _("3 – serious and long-lasting")

    class PlanStatus(models.TextChoices):
        NONE = "none", _("no plan")
        OFFERED = "offered", _("offered")
        IN_PROGRESS = "in_progress", _("being prepared")
        ESTABLISHED = "established", _("established")
        DECLINED = "declined", _("declined by the person")

    national_id = models.CharField(
        _("national identity number"),
        max_length=11,
        unique=True,
        validators=[identity.validate_national_id],
        help_text=_("Fødselsnummer or D-number, 11 digits."),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), editable=False)
    home_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("home municipality"),
        on_delete=models.PROTECT,
        related_name="service_users",
    )
    main_pathway = models.PositiveSmallIntegerField(
        _("main pathway"), choices=Pathway.choices, default=Pathway.SERIOUS_LONG
    )
    rop = models.BooleanField(_("ROP (mental illness and substance use)"), default=False)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible coordinator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_service_users",
    )
    ip_status = models.CharField(
        _("individual plan status"),
        max_length=20,
        choices=PlanStatus.choices,
        default=PlanStatus.NONE,
    )
    ip_date = models.DateField(_("individual plan date"), null=True, blank=True)
    crisis_plan_date = models.DateField(_("crisis plan date"), null=True, blank=True)
    next_of_kin_name = models.CharField(_("next of kin"), max_length=200, blank=True)
    next_of_kin_phone = models.CharField(_("next of kin phone"), max_length=30, blank=True)
    anonymised_at = models.DateTimeField(
        _("anonymised"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the person left the service and their identity was removed."),
    )

    objects = ServiceUserQuerySet.as_manager()

    # An anonymised record's "identity number": X and the row's id, 10 digits.
    # Never all digits, so it can neither collide with nor pass as a real or
    # synthetic number, and unique because the id is.
    ANONYMISED_ID_PREFIX = "X"

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("service user")
        verbose_name_plural = _("service users")
        indexes = [
            models.Index(
                fields=["home_municipality", "last_name", "first_name"],
                name="mun_su_home_name_idx",
            ),
        ]
        constraints = [
            # Only an anonymised record may carry the X placeholder, and it must.
            models.CheckConstraint(
                condition=(
                    models.Q(anonymised_at__isnull=True) & ~models.Q(national_id__startswith="X")
                )
                | (models.Q(anonymised_at__isnull=False) & models.Q(national_id__startswith="X")),
                name="%(app_label)s_%(class)s_anonymised_id_marked",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        # The date of birth is never typed: it is read from the identity number
        # (an anonymised record keeps the coarsened date it was given).
        if not self.is_anonymised:
            self.birth_date = identity.birth_date(self.national_id)
        if kwargs.get("update_fields") is not None and "national_id" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "birth_date"}
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None) -> None:
        # The date of birth is derived from the number in save(), never typed,
        # so it is not validated as input (full_clean() works on a new person).
        exclude = {*(exclude or ()), "birth_date"}
        if self.is_anonymised:
            # The placeholder is not an identity number; it is only valid here.
            exclude.add("national_id")
            if self.national_id != self.anonymised_national_id():
                raise ValidationError(
                    {"national_id": _("An anonymised record keeps its placeholder number.")}
                )
        super().clean_fields(exclude=exclude)

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def anonymised_national_id(self) -> str:
        return f"{self.ANONYMISED_ID_PREFIX}{self.pk:010d}"

    def anonymise(self) -> dict[str, int]:
        """Remove the identity of a person who has left the service, keeping
        every count for the statistics (see bops/privacy/anonymise.py)."""
        from bops.privacy.anonymise import anonymise

        return anonymise(self)

    def clean(self) -> None:
        """The responsible coordinator works in the person's home municipality."""
        super().clean()
        if self.coordinator_id and self.home_municipality_id:
            serves_here = Membership.objects.filter(
                user_id=self.coordinator_id,
                role=Membership.Role.COORDINATOR,
                organisation__municipality_id=self.home_municipality_id,
            ).exists()
            if not serves_here:
                raise ValidationError(
                    {
                        "coordinator": _(
                            "The responsible coordinator must be a coordinator "
                            "in the person's home municipality."
                        )
                    }
                )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: datetime.date | None = None) -> int:
        day = day or timezone.localdate()
        born = self.birth_date or identity.birth_date(self.national_id)
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


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
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    objects = PersonalDataQuerySet.as_manager()

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
    assessed_on = models.DateField(_("assessed on"))
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

    objects = PersonalDataQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.service_user} {self.assessed_on:%d.%m.%Y}"

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
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)

    objects = PersonalDataQuerySet.as_manager()

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
