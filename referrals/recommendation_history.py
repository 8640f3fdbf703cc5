"""The history of the answers to a recommendation (referrals/recommendations.py):
one row per answer or change, never edited or deleted."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from referrals import clock
from referrals.choices import RecommendationStatus
from referrals.querysets import RecommendationEventQuerySet


class RecommendationEvent(models.Model):
    """One answer to a recommendation, or a change of it: who, when, the
    status before and after, and the answer's words. Append-only: the model
    refuses edits and deletes, and on PostgreSQL a trigger does too (the one
    exception is the anonymisation's recorded redaction of `response`, see
    referrals/redaction.py)."""

    recommendation = models.ForeignKey(
        "referrals.Recommendation",
        verbose_name=_("recommendation"),
        on_delete=models.PROTECT,
        related_name="history",
    )
    at = models.DateTimeField(_("when"), default=clock.now, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(
        _("from status"), max_length=20, choices=RecommendationStatus.choices
    )
    to_status = models.CharField(
        _("to status"), max_length=20, choices=RecommendationStatus.choices
    )
    response = models.TextField(_("answer"), max_length=5000, blank=True)

    objects = RecommendationEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("recommendation event")
        verbose_name_plural = _("recommendation events")
        indexes = [
            models.Index(fields=["recommendation", "at", "id"], name="rec_event_item_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("The history of a recommendation is never changed."))
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The history of a recommendation is never deleted."))
