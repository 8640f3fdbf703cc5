"""The shared residence: places, applications, stays and the cost key.

Date conventions (used everywhere in this app):
- A stay occupies the nights from `start` up to, not including, `end`: the
  range is half-open, daterange(start, end, '[)'). The day a resident leaves
  is free for the next one, and bed-days = end - start (the midnight census).
  An empty `end` means the stay is ongoing.
- A residence's number of places is derived, never stored: it is the number
  of its active places, so the two can never disagree. Places have no
  activation history; a place cannot be deactivated while someone lives in it.

Multi-object changes (admission, discharge, offers) live in
`capacity.services`; they lock the residence row so that admissions to one
residence happen one at a time.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from capacity.db import DateRange, PostgresExclusionConstraint
from capacity.querysets import (
    ApplicationQuerySet,
    PlaceQuerySet,
    ResidenceQuerySet,
    StayQuerySet,
)


class Residence(models.Model):
    """A shared residence (e.g. the 20-place residence in Lærdal)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    organisation = models.ForeignKey(
        "municipalities.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="residences",
        limit_choices_to={"kind": "residence"},
        help_text=_("Its staff (residence intake team / leader) manage the residence."),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="residences",
    )

    objects = ResidenceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("residence")
        verbose_name_plural = _("residences")

    def __str__(self) -> str:
        return self.name

    @property
    def places_count(self) -> int:
        """Number of places = active places (see the module docstring)."""
        annotated = getattr(self, "active_places", None)
        if annotated is not None:
            return annotated
        return self.places.filter(active=True).count()


class Unit(models.Model):
    """A unit of the residence: ordinary, or shielded (skjerma eining)."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary")
        SHIELDED = "shielded", _("shielded")

    residence = models.ForeignKey(
        Residence, verbose_name=_("residence"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)

    class Meta:
        ordering = ["residence", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["residence", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class Place(models.Model):
    """One bed/flat of the residence, with a short code such as "A1" or "B3"."""

    residence = models.ForeignKey(
        Residence,
        verbose_name=_("residence"),
        on_delete=models.CASCADE,
        related_name="places",
        editable=False,
        help_text=_("Always the unit's residence; kept here so codes are unique per residence."),
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="places"
    )
    code = models.CharField(_("code"), max_length=10)
    active = models.BooleanField(_("active"), default=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["residence", "unit__name", Length("code"), "code"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                fields=["residence", "code"], name="%(app_label)s_%(class)s_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.residence_id = self.unit.residence_id
        if kwargs.get("update_fields") is not None and "unit" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "residence"}
        with transaction.atomic():
            if self.pk and not self.active:
                # Closing a place must not leave more residents than active places:
                # checked under the same residence lock as admissions.
                Residence.objects.select_for_update().filter(pk=self.residence_id).exists()
                self.clean()
            super().save(*args, **kwargs)

    def clean(self):
        if self.pk and not self.active and self.stays.ongoing().exists():
            raise ValidationError(
                {
                    "active": _("Place %(code)s has a resident and cannot be closed.")
                    % {"code": self.code}
                }
            )


class Application(models.Model):
    """An application for a place, from a municipality for a service user.

    It comes from a referral of kind admission. While open (waiting, offered,
    accepted) it is on the waiting list; a person has at most one open
    application per residence. Admission closes it as admitted and keeps the
    days waited for reporting.
    """

    class Priority(models.IntegerChoices):
        # Stored as numbers so the waiting list sorts by priority in SQL.
        URGENT = 1, _("urgent")
        HIGH = 2, _("high")
        NORMAL = 3, _("normal")

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        OFFERED = "offered", _("offered a place")
        ACCEPTED = "accepted", _("offer accepted")
        DECLINED = "declined", _("declined")
        ADMITTED = "admitted", _("admitted")
        WITHDRAWN = "withdrawn", _("withdrawn")
        EXPIRED = "expired", _("offer expired")

    OPEN = (Status.WAITING, Status.OFFERED, Status.ACCEPTED)

    residence = models.ForeignKey(
        Residence,
        verbose_name=_("residence"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    service_user = models.ForeignKey(
        "municipalities.ServiceUser",
        verbose_name=_("service user"),
        on_delete=models.PROTECT,
        related_name="residence_applications",
    )
    applying_municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("applying municipality"),
        on_delete=models.PROTECT,
        related_name="residence_applications",
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        verbose_name=_("admission referral"),
        on_delete=models.PROTECT,
        related_name="residence_applications",
        limit_choices_to={"kind": "admission"},
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.WAITING,
        editable=False,
    )
    applied_on = models.DateField(_("applied on"), default=timezone.localdate)
    offered_place = models.ForeignKey(
        Place,
        verbose_name=_("offered place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="offers",
    )
    offer_valid_until = models.DateField(
        _("offer valid until"), null=True, blank=True, editable=False
    )
    decided_at = models.DateTimeField(_("last decision"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True, editable=False)
    waiting_days = models.PositiveIntegerField(
        _("days waited"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("From application to admission; kept for reporting."),
    )
    stay = models.OneToOneField(
        "Stay",
        verbose_name=_("stay"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="application",
    )
    note = models.TextField(_("note"), blank=True, max_length=5000)
    decision_note = models.TextField(
        _("note on the last decision"), blank=True, max_length=5000, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "applied_on", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["service_user", "residence"],
                condition=models.Q(status__in=["waiting", "offered", "accepted"]),
                name="%(app_label)s_%(class)s_one_open_per_person",
                violation_error_message=_(
                    "This person already has an open application to this residence."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="offered")
                | models.Q(offered_place__isnull=False, offer_valid_until__isnull=False),
                name="%(app_label)s_%(class)s_offer_has_place_and_deadline",
            ),
        ]
        indexes = [
            models.Index(
                fields=["residence", "status", "priority", "applied_on"],
                name="cap_app_waiting_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_user} → {self.residence} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class Stay(models.Model):
    """A resident's stay in one place, nights [start, end) — see the module docstring."""

    class EndReason(models.TextChoices):
        PLANNED = "planned", _("planned move to own home")
        OWN_WISH = "own_wish", _("the resident's own wish")
        HOSPITAL = "hospital", _("admitted to hospital")
        OTHER_SERVICE = "other_service", _("moved to another service")
        DEATH = "death", _("death")
        OTHER = "other", _("other")

    service_user = models.ForeignKey(
        "municipalities.ServiceUser",
        verbose_name=_("service user"),
        on_delete=models.PROTECT,
        related_name="residence_stays",
    )
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="stays"
    )
    paying_municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("paying municipality"),
        on_delete=models.PROTECT,
        related_name="residence_stays",
    )
    start = models.DateField(_("moved in"))
    end = models.DateField(
        _("moved out"),
        null=True,
        blank=True,
        help_text=_("The day the resident left; empty while the stay is ongoing."),
    )
    end_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=EndReason.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("admitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("discharged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = StayQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gt=models.F("start")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("A stay must end after the day it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | ~models.Q(end_reason=""),
                name="%(app_label)s_%(class)s_ended_with_reason",
                violation_error_message=_("A finished stay needs a reason for leaving."),
            ),
            models.UniqueConstraint(
                fields=["service_user"],
                condition=models.Q(end__isnull=True),
                name="%(app_label)s_%(class)s_one_ongoing_per_person",
                violation_error_message=_("This person already has an ongoing stay."),
            ),
            PostgresExclusionConstraint(
                name="%(app_label)s_%(class)s_no_overlap_per_place",
                expressions=[
                    ("place", RangeOperators.EQUAL),
                    (DateRange("start", "end", models.Value("[)")), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_("The place already holds a stay in this period."),
            ),
        ]
        indexes = [
            models.Index(fields=["place", "start"], name="cap_stay_place_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.service_user} – {self.place} {self.start:%d.%m.%Y}"

    @property
    def is_ongoing(self) -> bool:
        return self.end is None

    def bed_days(self, until: datetime.date | None = None) -> int:
        """Nights spent so far (to `until`, default today) or in total if ended."""
        last = self.end or (until or timezone.localdate())
        return max(0, (last - self.start).days)


class CostKey(models.Model):
    """The yearly cost key (fordelingsnøkkel) of a residence: its budget and
    how it is split — a fixed share by population and a use share by
    bed-days. The two shares add up to 100 %."""

    residence = models.ForeignKey(
        Residence, verbose_name=_("residence"), on_delete=models.CASCADE, related_name="cost_keys"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    budget = models.PositiveBigIntegerField(_("budget (NOK)"))
    fixed_share = models.PositiveSmallIntegerField(
        _("fixed share by population (%)"), validators=[MaxValueValidator(100)], default=30
    )
    use_share = models.PositiveSmallIntegerField(
        _("use share by bed-days (%)"), validators=[MaxValueValidator(100)], default=70
    )

    class Meta:
        ordering = ["residence", "-year"]
        verbose_name = _("cost key")
        verbose_name_plural = _("cost keys")
        constraints = [
            models.UniqueConstraint(
                fields=["residence", "year"], name="%(app_label)s_%(class)s_unique_year"
            ),
            models.CheckConstraint(
                condition=models.Q(fixed_share__gte=0, use_share__gte=0)
                & models.Q(fixed_share=100 - models.F("use_share")),
                name="%(app_label)s_%(class)s_shares_sum_to_100",
                violation_error_message=_("The fixed and use shares must add up to 100 %."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.residence} {self.year}"
