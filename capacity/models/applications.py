"""An application for a place at the residence: the waiting list, offers and their answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops import dates
from capacity.models.residences import Place, Residence
from capacity.querysets import (
    ApplicationQuerySet,
)
from referrals.choices import Kind as ReferralKind


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
        limit_choices_to={"kind": ReferralKind.ADMISSION},
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
    applied_on = models.DateField(
        _("applied on"), default=timezone.localdate, validators=[dates.RECORD]
    )
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
