"""Referrals (tilvisingar) between municipalities, DPS, BUP and the residence.

The life cycle (transition methods, rules, deadlines) is built on these fields.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from bops import dates
from municipalities.models import Assessment
from referrals import clock
from referrals.choices import (
    OPEN,
    CompletionReason,
    Kind,
    RejectionReason,
    Status,
    Urgency,
    WithdrawalReason,
)
from referrals.querysets import ReferralEventQuerySet, ReferralQuerySet
from referrals.rules import TransitionError
from referrals.transitions import ReferralTransitions


class Referral(ReferralTransitions, models.Model):
    """A referral from one organisation to another about one service user."""

    service_user = models.ForeignKey(
        "municipalities.ServiceUser",
        verbose_name=_("service user"),
        on_delete=models.PROTECT,
        related_name="referrals",
        db_index=False,  # ref_person_created_idx starts with it
    )
    sender = models.ForeignKey(
        "municipalities.Organisation",
        verbose_name=_("sending organisation"),
        on_delete=models.PROTECT,
        related_name="sent_referrals",
        db_index=False,  # ref_send_created_idx starts with it
    )
    receiver = models.ForeignKey(
        "municipalities.Organisation",
        verbose_name=_("receiving organisation"),
        on_delete=models.PROTECT,
        related_name="received_referrals",
        db_index=False,  # ref_recv_created_idx starts with it
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
    withdrawal_reason = models.CharField(
        _("reason for withdrawal"),
        max_length=30,
        choices=WithdrawalReason.choices,
        blank=True,
        db_default="",  # the scale generator's COPY names only the columns it fills
    )
    completion_reason = models.CharField(
        _("reason for completion"),
        max_length=30,
        choices=CompletionReason.choices,
        blank=True,
        db_default="",
    )
    advice = models.TextField(_("advice to the sender"), max_length=5000, blank=True)
    planned_start = models.DateField(
        _("planned start"), null=True, blank=True, validators=[dates.DEADLINE]
    )
    recommendations = models.TextField(_("recommendations"), max_length=10000, blank=True)
    # What a residence's intake team needs to decide on an admission; asked
    # only for that kind, required when it is sent (admission_details_missing).
    wanted_start = models.DateField(_("wanted start"), null=True, blank=True)
    # Database defaults too: bulk loaders (the scale generator's COPY) name only the columns they fill.
    needs_shielded_unit = models.BooleanField(
        _("needs the shielded unit"), default=False, db_default=False
    )
    paying_municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("paying municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    situation = models.TextField(
        _("current situation"), max_length=5000, blank=True, default="", db_default=""
    )
    # What the sender chose to send with it (least privilege): the receiving
    # unit sees these assessments of the person and no others
    # (`Assessment.objects.for_user`, through referrals/visibility.py).
    assessments = models.ManyToManyField(
        "municipalities.Assessment",
        verbose_name=_("assessments sent with it"),
        blank=True,
        related_name="referrals",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.UniqueConstraint(
                fields=["service_user", "receiver", "kind"],
                condition=models.Q(status__in=list(OPEN)),
                name="%(app_label)s_%(class)s_unique_open_per_person_receiver_kind",
                violation_error_message=_(
                    "This person already has an open referral of this kind to this unit."
                ),
            ),
        ]
        # For the real query patterns (checked with EXPLAIN ANALYZE at national
        # scale, see docs/running-at-scale.md):
        # - a unit's list by status, newest first (API, HTML lists), and the
        #   "which people reached this unit" subquery of ServiceUser.for_user,
        #   which reads service_user from the index alone (a key column, not
        #   INCLUDE, so SQLite builds the same index without a warning);
        # - the same for the sender;
        # - a unit's whole list, newest first (the referral list page filtered
        #   by receiver or sender): without it PostgreSQL sorted all 16 000
        #   referrals of the busiest unit for a page of 25 (38 ms, now 0.2 ms);
        # - the inbox: open referrals of a unit by deadline (a partial index:
        #   open referrals are a small share of all);
        # - overdue / due soon across units; one person's referrals.
        indexes = [
            models.Index(
                "receiver",
                "status",
                models.F("created_at").desc(),
                "service_user",
                name="ref_recv_status_created_idx",
            ),
            models.Index(
                "sender",
                "status",
                models.F("created_at").desc(),
                "service_user",
                name="ref_send_status_created_idx",
            ),
            # Every referral, newest first, and every change since a moment:
            # the keyset pages of an unscoped API list (bops/pagination.py).
            models.Index(
                models.F("created_at").desc(), models.F("id").desc(), name="ref_created_id_idx"
            ),
            models.Index("updated_at", "id", name="ref_updated_id_idx"),
            models.Index("receiver", models.F("created_at").desc(), name="ref_recv_created_idx"),
            models.Index("sender", models.F("created_at").desc(), name="ref_send_created_idx"),
            models.Index(
                fields=["receiver", "assessment_deadline", "sent_at"],
                condition=models.Q(status__in=list(OPEN)),
                name="ref_inbox_open_deadline_idx",
            ),
            models.Index(fields=["status", "assessment_deadline"], name="ref_status_deadline_idx"),
            models.Index(
                "service_user", models.F("created_at").desc(), name="ref_person_created_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} → {self.receiver}"

    def save(self, *args, **kwargs):
        """New referrals pass the duplicate guard first; the partial unique
        constraint catches the race two simultaneous saves could still win."""
        if self._state.adding and self.is_open and (other := self.open_duplicate()):
            raise self._duplicate_error(other)
        try:
            with transaction.atomic():
                super().save(*args, **kwargs)
        except IntegrityError as exc:
            if "unique_open_per_person_receiver_kind" in str(exc):
                raise self._duplicate_error(self.open_duplicate()) from exc
            raise

    @classmethod
    def anonymise_rows(cls, service_user) -> int:
        """The anonymisation's step for referrals (privacy/anonymise.py calls
        it for every model pointing at the person): referrals/redaction.py."""
        from referrals.redaction import anonymise_referrals

        return anonymise_referrals(service_user)

    def delete(self, *args, **kwargs):
        if self.events.exists():
            raise TransitionError(_("A referral with history cannot be deleted; withdraw it."))
        return super().delete(*args, **kwargs)

    def choose_assessments(self, assessments, *, by) -> None:
        """Set the assessments that go with the referral: the receiving unit
        sees these and no other assessment of the person. Only a draft
        changes (what was sent stays what was sent); sending may set them
        too (`send(assessments=...)`). Ids or assessments."""
        if self.status != Status.DRAFT:
            raise TransitionError(
                _("Only a draft can change which assessments go with it."),
                status=self.status,
                field="assessments",
            )
        errors = self.assessment_errors(assessments, by=by)
        if errors:
            raise ValidationError(errors)
        self.assessments.set(sorted({getattr(a, "pk", a) for a in assessments}))

    def assessment_errors(self, assessments, *, by) -> dict[str, str]:
        """Each assessment must be of the referral's person and one the
        sender (`by`) may see: nobody sends what they cannot read."""
        ids = {getattr(a, "pk", a) for a in assessments}
        allowed = set(
            Assessment.objects.for_user(by)
            .filter(service_user_id=self.service_user_id, pk__in=ids)
            .values_list("pk", flat=True)
        )
        if ids - allowed:
            return {"assessments": _("Choose assessments of this person that you may see.")}
        return {}

    def admission_details_missing(self) -> dict[str, str]:
        """For an admission: the details the intake team needs that are not
        filled in, as field errors (checked when it is sent)."""
        if self.kind != Kind.ADMISSION:
            return {}
        missing = {}
        if self.wanted_start is None:
            missing["wanted_start"] = _("Give the wanted start date.")
        if self.paying_municipality_id is None:
            missing["paying_municipality"] = _("Choose the municipality that pays.")
        if not self.situation.strip():
            missing["situation"] = _("Describe the person's current situation.")
        return missing

    def clean(self) -> None:
        super().clean()
        # The regional council reads anonymous reports; it never sends or
        # receives a referral (Organisation.objects.referral_parties()).
        for field in ("sender", "receiver"):
            organisation = getattr(self, field) if getattr(self, f"{field}_id") else None
            if organisation is not None and organisation.kind == organisation.Kind.COUNCIL:
                raise ValidationError(
                    {field: _("The regional council neither sends nor receives referrals.")}
                )
        if self.is_open and (other := self.open_duplicate()):
            raise self._duplicate_error(other)


class ReferralEvent(models.Model):
    """One change in a referral's life. Append-only: never edited or deleted,
    with one recorded exception: anonymising the person redacts the notes of
    their referrals' events (referrals/redaction.py), and a `redaction`
    event says so."""

    class Kind(models.TextChoices):
        CHANGE = "change", _("change of status")
        REDACTION = "redaction", _("free text redacted")

    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.PROTECT, related_name="events"
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
        _("from status"), max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=Status.choices)
    note = models.TextField(_("note"), blank=True, max_length=10000)
    kind = models.CharField(
        _("kind of event"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.CHANGE,
        db_default=Kind.CHANGE,
        editable=False,
    )

    objects = ReferralEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        # A referral's history in order, without a sort (2 million rows nationally).
        indexes = [models.Index(fields=["referral", "at", "id"], name="refevent_referral_at_idx")]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs):
        """Only ever inserted; the PostgreSQL trigger refuses the rest too."""
        if not self._state.adding:
            raise TransitionError(_("Referral events are never changed."))
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TransitionError(_("Referral events are never deleted."))


# The follow-up of a return and the dashboard's visits live in their own
# modules; imported here so that Django registers their models with the app.
from referrals.notices import Notice  # noqa: E402, F401
from referrals.recommendation_history import RecommendationEvent  # noqa: E402, F401
from referrals.recommendations import Recommendation  # noqa: E402, F401
from referrals.visits import DashboardVisit  # noqa: E402, F401
