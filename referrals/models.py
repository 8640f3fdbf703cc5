"""Referrals (tilvisingar) between municipalities, DPS, BUP and the residence.

The life cycle (transition methods, rules, deadlines) is built on these fields.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class TransitionError(Exception):
    """A state change that the referral's current status does not allow."""


class ConflictError(Exception):
    """Someone else changed the referral first (stale version)."""


class Referral(models.Model):
    """A referral from one organisation to another about one service user."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("assessment or treatment")
        ADMISSION = "admission", _("admission to the residence")
        RETURN = "return", _("return to the municipality after discharge")
        ADVICE = "advice", _("advice and guidance")

    class Urgency(models.TextChoices):
        EMERGENCY = "emergency", _("emergency")
        PRIORITISED = "prioritised", _("prioritised")
        ORDINARY = "ordinary", _("ordinary")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT = "sent", _("sent")
        RECEIVED = "received", _("received")
        INFO_REQUESTED = "info_requested", _("more information requested")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        STARTED = "started", _("started")
        COMPLETED = "completed", _("completed")
        WITHDRAWN = "withdrawn", _("withdrawn")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")

    class RejectionReason(models.TextChoices):
        NOT_SPECIALIST_LEVEL = "not_specialist_level", _("not for the specialist level")
        NEEDS_MORE_INFORMATION = "needs_more_information", _("needs more information first")
        WRONG_UNIT = "wrong_unit", _("wrong unit or catchment")
        OTHER = "other", _("other")

    service_user = models.ForeignKey(
        "municipalities.ServiceUser",
        verbose_name=_("service user"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    sender = models.ForeignKey(
        "municipalities.Organisation",
        verbose_name=_("sending organisation"),
        on_delete=models.PROTECT,
        related_name="sent_referrals",
    )
    receiver = models.ForeignKey(
        "municipalities.Organisation",
        verbose_name=_("receiving organisation"),
        on_delete=models.PROTECT,
        related_name="received_referrals",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ASSESSMENT)
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.ORDINARY
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    reason = models.TextField(_("reason for referral"), max_length=5000)
    requested = models.TextField(_("what is asked for"), max_length=5000, blank=True)
    sender_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender's contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    received_at = models.DateTimeField(_("received"), null=True, blank=True, editable=False)
    assessment_deadline = models.DateField(
        _("assessment deadline"), null=True, blank=True, editable=False
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    rejection_reason = models.CharField(
        _("reason for rejection"), max_length=30, choices=RejectionReason.choices, blank=True
    )
    advice = models.TextField(_("advice to the sender"), max_length=5000, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    recommendations = models.TextField(_("recommendations"), max_length=10000, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} → {self.receiver}"

    def _transition(
        self, to: str, *, by, note: str = "", version: int | None = None, **fields
    ) -> ReferralEvent:
        """Move to status `to`, save `fields`, bump the version and append the
        event, all in one transaction under a row lock.

        The row lock plus the version check is what makes two people deciding
        at once end with one winner: the second waits for the lock, then sees
        the status or version the first left and gets an error.
        """
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if version is not None and version != current.version:
                raise ConflictError(
                    _("The referral was changed by someone else (version %(now)s, not %(sent)s).")
                    % {"now": current.version, "sent": version}
                )
            if to not in TRANSITIONS.get(current.status, ()):
                raise TransitionError(
                    _("A referral that is %(status)s cannot become %(to)s.")
                    % {
                        "status": current.get_status_display(),
                        "to": self.Status(to).label,
                    }
                )
            from_status = current.status
            for name, value in fields.items():
                setattr(self, name, value)
            self.status = to
            self.version = current.version + 1
            self.save(update_fields=["status", "version", "updated_at", *fields])
            return ReferralEvent.objects.create(
                referral=self, by=by, from_status=from_status, to_status=to, note=note
            )

    def start(self, *, by, note: str = "", version: int | None = None) -> ReferralEvent:
        """The accepted referral is started (for an admission: the person moved in)."""
        return self._transition(self.Status.STARTED, by=by, note=note, version=version)


S = Referral.Status
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.SENT, S.WITHDRAWN),
    S.SENT: (S.RECEIVED, S.WITHDRAWN),
    S.RECEIVED: (S.ACCEPTED, S.REJECTED, S.INFO_REQUESTED, S.WITHDRAWN),
    S.INFO_REQUESTED: (S.RECEIVED, S.WITHDRAWN),
    S.ACCEPTED: (S.STARTED,),
    S.STARTED: (S.COMPLETED,),
    S.COMPLETED: (),
    S.REJECTED: (),
    S.WITHDRAWN: (),
}


class ReferralEvent(models.Model):
    """One change in a referral's life. Append-only: never edited or deleted."""

    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(
        _("from status"), max_length=20, choices=Referral.Status.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=Referral.Status.choices)
    note = models.TextField(_("note"), blank=True, max_length=10000)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status} → {self.to_status}"
