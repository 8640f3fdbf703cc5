"""An application for a place at the residence: the waiting list, offers and their answers."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops import dates
from bops.errors import IllegalTransition
from capacity.choices import (
    CLOSED_WITHOUT_ADMISSION,
    OPEN,
    ApplicationAction,
    ApplicationCloseReason,
    ApplicationPriority,
    ApplicationStatus,
)
from capacity.models.residences import Place, Residence
from capacity.querysets import ApplicationEventQuerySet, ApplicationQuerySet
from capacity.transitions import ApplicationTransitions, referral_problem
from referrals.choices import Kind as ReferralKind


class Application(ApplicationTransitions, models.Model):
    """An application for a place, from a municipality for a service user.

    It rests on a referral of kind admission. While open (waiting, offered,
    accepted) it is on the waiting list; a person has at most one open
    application per residence. Admission closes it as admitted and keeps the
    days waited for reporting. Every change of status or priority appends an
    `ApplicationEvent` (capacity/transitions.py).
    """

    Priority = ApplicationPriority
    Status = ApplicationStatus
    CloseReason = ApplicationCloseReason
    OPEN = OPEN

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
    close_reason = models.CharField(
        _("reason for closing"),
        max_length=20,
        choices=ApplicationCloseReason.choices,
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text=_("Why the application was closed without an admission."),
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
                condition=models.Q(status__in=list(OPEN)),
                name="%(app_label)s_%(class)s_one_open_per_person",
                violation_error_message=_(
                    "This person already has an open application to this residence."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ApplicationStatus.OFFERED)
                | models.Q(offered_place__isnull=False, offer_valid_until__isnull=False),
                name="%(app_label)s_%(class)s_offer_has_place_and_deadline",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=list(CLOSED_WITHOUT_ADMISSION))
                | ~models.Q(close_reason=""),
                name="%(app_label)s_%(class)s_closed_with_reason",
                violation_error_message=_("Choose the reason."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["residence", "status", "priority", "applied_on"],
                name="cap_app_waiting_idx",
            ),
            # Every application in the list's order: keyset pages (bops/pagination.py).
            models.Index(fields=["priority", "applied_on", "id"], name="cap_app_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.service_user} → {self.residence} ({self.get_status_display()})"

    def clean(self) -> None:
        """An application always rests on an admission referral to this
        residence, about this person, that the residence has accepted."""
        super().clean()
        if self._state.adding and self.referral_id and self.residence_id and self.service_user_id:
            problem = referral_problem(self.referral, self.residence, self.service_user_id)
            if problem:
                raise ValidationError({"referral": problem})

    @classmethod
    def anonymise_rows(cls, service_user) -> int:
        """The anonymisation's step for applications (privacy/anonymise.py
        calls it for every model pointing at the person): their free text
        and the redaction of their history, capacity/anonymisation.py."""
        from capacity.anonymisation import anonymise_applications

        return anonymise_applications(service_user)

    def expected_wait(self, cache: dict | None = None) -> tuple[int | None, int]:
        """(median days waited, number of admissions) of the last admissions
        to this residence at this priority. `cache` (one dict per request)
        keeps each residence and priority to one query."""
        key = (self.residence_id, self.priority)
        if cache is not None and key in cache:
            return cache[key]
        value = type(self).objects.expected_wait(*key)
        if cache is not None:
            cache[key] = value
        return value

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class ApplicationEvent(models.Model):
    """One change in an application's life: a status move, or the intake
    team's priority with its reason. Append-only: never edited or deleted
    (the model refuses it, and on PostgreSQL a trigger does too)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("what"), max_length=20, choices=ApplicationAction.choices)
    from_status = models.CharField(
        _("from status"), max_length=20, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=ApplicationStatus.choices)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=ApplicationPriority.choices, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True, max_length=10000)

    objects = ApplicationEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        indexes = [
            models.Index(fields=["application", "at", "id"], name="cap_appevent_app_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs):
        """Only ever inserted; the PostgreSQL trigger refuses the rest too."""
        if not self._state.adding:
            raise IllegalTransition(_("Application events are never changed."))
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise IllegalTransition(_("Application events are never deleted."))


class IntakeMeeting(models.Model):
    """A meeting of the residence's intake team: its short minutes, and the
    decisions recorded in one go (each decision is also in the referral's
    and the application's history, with the meeting's date in its note)."""

    residence = models.ForeignKey(
        Residence,
        verbose_name=_("residence"),
        on_delete=models.PROTECT,
        related_name="intake_meetings",
    )
    held_at = models.DateTimeField(_("held"), default=timezone.now, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    minutes = models.TextField(_("minutes"), max_length=5000)

    class Meta:
        ordering = ["-held_at", "-pk"]
        verbose_name = _("intake meeting")
        verbose_name_plural = _("intake meetings")

    def __str__(self) -> str:
        return f"{self.residence} {self.held_at:%Y-%m-%d}"
