"""Municipalities, the organisations that send and receive work, and users' memberships in them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bops import access
from municipalities.querysets import (
    MunicipalityQuerySet,
    OrganisationQuerySet,
)


class Municipality(models.Model):
    """A Norwegian municipality (kommune), identified by its 4-digit number.

    Municipalities merge and are renumbered (the 2020 reform): each row is one
    number for the period it was valid, and points to its successor. Records
    keep the municipality of their day; new records take one valid today.
    The region's history is data (municipalities/classification.py).
    """

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
    valid_from = models.DateField(
        _("valid from"), null=True, blank=True, help_text=_("Empty: since before BOPS's history.")
    )
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("The last day the municipality existed with this number. Empty: still valid."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("The municipality it became (merged into or renumbered as)."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name", "number"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_valid_until_after_from",
                violation_error_message=_("A municipality cannot end before it begins."),
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(valid_until__isnull=False),
                name="%(app_label)s_%(class)s_successor_needs_end",
                violation_error_message=_("Only a municipality that has ended has a successor."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def on(self, day) -> Municipality:
        """The municipality this one was part of on `day`: itself while valid,
        else its successor then (followed down the chain: Hemsedal 0618 on
        1.1.2024 is 3326). A day before it began gives itself."""
        municipality = self
        seen = {self.pk}
        while (
            municipality.valid_until is not None
            and day > municipality.valid_until
            and municipality.successor_id is not None
            and municipality.successor_id not in seen
        ):
            seen.add(municipality.successor_id)
            municipality = municipality.successor
        return municipality

    def predecessors_on(self, day) -> list[Municipality]:
        """The municipalities that became this one and were valid on `day`
        (today's Sogndal on 1.6.2019: Balestrand, Leikanger and Sogndal 1420);
        itself while valid. For data of a past day."""
        if self.is_valid_on(day):
            return [self]
        found = []
        for predecessor in self.predecessors.all():
            found += predecessor.predecessors_on(day)
        return found


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

    objects = OrganisationQuerySet.as_manager()

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
        # The core's role names (bops/access.py), with their labels.
        COORDINATOR = access.COORDINATOR, _("coordinator")
        INTAKE = access.INTAKE, _("intake clinician")
        RESIDENCE_LEAD = access.RESIDENCE_LEAD, _("residence intake team / leader")
        COUNCIL_READER = access.COUNCIL_READER, _("council reader")
        BOARD = access.BOARD, _("wall screen (board)")

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

    def save(self, *args, **kwargs):
        # A wall screen login never writes, whatever the form said.
        if self.role in access.SCREEN_ROLES:
            self.read_only = True
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "read_only"}
        super().save(*args, **kwargs)


def grant_rows(user):
    """The user's memberships in active organisations as plain rows, in the
    field order of `bops.access.Grant` (registered as the core's
    `access.membership_loader` in MunicipalitiesConfig.ready()).

    A coordinator of a municipality also coordinates the people recorded in
    its predecessors (Sogndal's service has Leikanger's records since the
    merger): one more row per predecessor, two steps back (Hemsedal 3326 <-
    3042 <- 0618), in the same query."""
    memberships = Membership.objects.filter(user=user, organisation__active=True).order_by()
    fields = ["organisation_id", "organisation__kind", "role", "read_only"]
    own = memberships.values_list("organisation_id", "organisation__municipality_id", *fields[1:])
    coordinating = memberships.filter(role=Membership.Role.COORDINATOR)
    earlier = [
        coordinating.filter(**{f"{path}__isnull": False}).values_list(
            "organisation_id", path, *fields[1:]
        )
        for path in (
            "organisation__municipality__predecessors",
            "organisation__municipality__predecessors__predecessors",
        )
    ]
    return own.union(*earlier, all=True).order_by()


def coordinator_choices(user, action: str = access.CHANGE):
    """Users this user may name as a service user's responsible coordinator:
    the coordinators of the municipalities the user may change (all
    coordinators for a superuser)."""
    memberships = Membership.objects.filter(role=Membership.Role.COORDINATOR)
    if not access.is_superuser(user):
        memberships = memberships.filter(
            organisation__municipality__in=access.coordinator_municipality_ids(user, action)
        )
    return (
        get_user_model().objects.filter(pk__in=memberships.values("user_id")).order_by("username")
    )


def organisations_worked_with(user, also=()) -> models.QuerySet:
    """The organisations a user exchanges referrals with in the ordinary
    course, for filter drop-downs: the user's own, those in the
    municipalities their organisations are in or serve, and those serving
    those municipalities (a DPS, BUP or residence), plus the ids in `also`
    (a value already chosen). Nationally that is a dozen or two instead of
    every organisation in the country (about 600, which took two thirds of
    the referral list page to render). Superusers get all of them."""
    if access.is_superuser(user):
        return Organisation.objects.all()
    own = access.organisation_ids(user)
    municipalities = Organisation.objects.filter(pk__in=own).values("municipality")
    served = Organisation.catchment.through.objects.filter(organisation__in=own).values(
        "municipality"
    )
    serving = Organisation.catchment.through.objects.filter(
        Q(municipality__in=municipalities) | Q(municipality__in=served)
    ).values("organisation")
    return Organisation.objects.filter(
        Q(pk__in=own)
        | Q(pk__in=[pk for pk in also if pk])
        | Q(municipality__in=municipalities)
        | Q(municipality__in=served)
        | Q(pk__in=serving)
    )
