"""A stay: one person in one place from a start day up to, not including, the end day."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops import dates
from bops.formats import format_date
from capacity.choices import StayEndReason
from capacity.db import DateRange, PostgresExclusionConstraint
from capacity.models.residences import Place
from capacity.querysets import (
    StayQuerySet,
)


class Stay(models.Model):
    """A resident's stay in one place, nights [start, end) — see the module docstring."""

    EndReason = StayEndReason

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
    start = models.DateField(_("moved in"), validators=[dates.STAY])
    end = models.DateField(
        _("moved out"),
        null=True,
        blank=True,
        help_text=_("The day the resident left; empty while the stay is ongoing."),
        validators=[dates.STAY],
    )
    end_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField(
        _("about the leaving"),
        blank=True,
        default="",
        db_default="",
        max_length=5000,
        help_text=_("Required when the reason is other."),
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
        return f"{self.service_user} – {self.place} {format_date(self.start)}"

    @property
    def is_ongoing(self) -> bool:
        return self.end is None

    def bed_days(self, until: datetime.date | None = None) -> int:
        """Nights spent so far (to `until`, default today) or in total if ended."""
        last = self.end or (until or timezone.localdate())
        return max(0, (last - self.start).days)
