"""Recommendations as items: what a specialist unit asks the municipality to
follow up after a return, each answered on its own.

A return to the municipality (a referral of kind return, or the completion
of an accepted referral) carries its recommendations as `Recommendation`
rows: the text, who is proposed to own it and, optionally, a date. The
municipal side answers each one (planned, in progress, done, not possible
with a reason); "not possible" can ask the unit that wrote it for guidance,
which sends an advice referral to that unit quoting the item and linked to
it. The unit that wrote the items sees their answers on its referral and in
the list of its items still unanswered after 14 days.

Which side is which: a return referral is written by its sender (the DPS,
BUP or residence) and answered by its receiver (the municipal service); a
completed referral is written by its receiver (the unit that completed it)
and answered by its sender (the municipal service that referred).

The statuses and limits are in referrals/choices.py, the querysets in
referrals/querysets.py, the history of the answers in
referrals/recommendation_history.py.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops import access
from bops.formats import format_date
from municipalities.models import IndividualPlan, Measure
from municipalities.plans import services as plan_services
from referrals import clock
from referrals.choices import (
    ANSWERS,
    MAX_ITEMS,
    OPEN,
    UNANSWERED_AFTER_DAYS,
    Kind,
    ProposedOwner,
    RecommendationStatus,
)
from referrals.querysets import RecommendationQuerySet
from referrals.recommendation_history import RecommendationEvent


class Recommendation(models.Model):
    """One recommendation of a return, and the municipality's answer to it."""

    referral = models.ForeignKey(
        "referrals.Referral",
        verbose_name=_("referral"),
        on_delete=models.PROTECT,
        related_name="recommendation_items",
    )
    # Denormalised from the referral (its sender for a return, else its
    # receiver), which never changes once items exist (they are written when
    # a return is sent or a referral completed): "my unit's unanswered items"
    # is then one index range instead of a search through the unit's
    # referrals (docs/running-at-scale.md).
    writer = models.ForeignKey(
        "municipalities.Organisation",
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # rec_writer_status_created_idx starts with it
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    text = models.TextField(_("recommendation"), max_length=5000)
    proposed_owner = models.CharField(
        _("proposed owner"),
        max_length=20,
        choices=ProposedOwner.choices,
        default=ProposedOwner.MUNICIPAL_SERVICE,
    )
    due = models.DateField(_("by date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.UNANSWERED,
        editable=False,
    )
    response = models.TextField(_("answer"), max_length=5000, blank=True)
    answered_at = models.DateTimeField(_("first answered"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True, editable=False)
    guidance_referral = models.ForeignKey(
        "referrals.Referral",
        verbose_name=_("advice referral asking for guidance"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guidance_for",
    )
    measure = models.ForeignKey(
        "municipalities.Measure",
        verbose_name=_("measure in the individual plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    created_at = models.DateTimeField(_("written"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "position", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [
            models.Index(fields=["referral", "position"], name="rec_referral_position_idx"),
            models.Index(fields=["status", "created_at"], name="rec_status_created_idx"),
            models.Index(
                fields=["writer", "status", "created_at"], name="rec_writer_status_created_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=RecommendationStatus.NOT_POSSIBLE) | ~Q(response=""),
                name="%(app_label)s_%(class)s_not_possible_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.referral_id}.{self.position}: {self.text[:60]}"

    @property
    def service_user_id(self) -> int:
        return self.referral.service_user_id

    @property
    def answerer(self):
        """The municipal service that answers it."""
        return self.referral.receiver if self.referral.kind == Kind.RETURN else self.referral.sender

    @property
    def is_answered(self) -> bool:
        return self.status != RecommendationStatus.UNANSWERED

    # --- writing items -----------------------------------------------------

    @classmethod
    def clean_items(cls, items) -> list[dict]:
        """Validate a list of items (dicts with `text`, optional
        `proposed_owner` and `due`); errors name the item."""
        if not isinstance(items, list | tuple):
            raise ValidationError(
                {"recommendations": _("Give the recommendations as a list of items.")}
            )
        if len(items) > MAX_ITEMS:
            raise ValidationError(
                {"recommendations": _("At most %(n)s recommendations.") % {"n": MAX_ITEMS}}
            )
        cleaned = []
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise ValidationError(
                    {"recommendations": _("Item %(n)s: give text, proposed owner and date.")}
                    % {"n": number}
                )
            text = str(item.get("text") or "").strip()
            owner = item.get("proposed_owner") or ProposedOwner.MUNICIPAL_SERVICE
            due = item.get("due") or None
            if not text:
                message = _("Item %(n)s: write the recommendation.") % {"n": number}
            elif len(text) > 5000:
                message = _("Item %(n)s: at most 5000 characters.") % {"n": number}
            elif owner not in ProposedOwner.values:
                message = _("Item %(n)s: choose a proposed owner.") % {"n": number}
            else:
                message = None
            if due is not None and not isinstance(due, datetime.date):
                try:
                    due = datetime.date.fromisoformat(str(due))
                except ValueError:
                    message = _("Item %(n)s: the date is not valid (yyyy-mm-dd).") % {"n": number}
            if message:
                raise ValidationError({"recommendations": message})
            cleaned.append({"text": text, "proposed_owner": owner, "due": due})
        return cleaned

    @classmethod
    def add_to(cls, referral, items: list[dict]) -> list[Recommendation]:
        """Attach cleaned items to the referral, numbered after any it has."""
        start = referral.recommendation_items.count()
        # The sender writes a return's items; the receiver, which completed
        # it, any other referral's.
        writer = referral.sender_id if referral.kind == Kind.RETURN else referral.receiver_id
        return cls.objects.bulk_create(
            cls(referral=referral, writer_id=writer, position=start + number, **item)
            for number, item in enumerate(items, start=1)
        )

    # --- answering ---------------------------------------------------------

    def answer(
        self,
        *,
        by,
        status: str,
        response: str = "",
        ask_for_guidance: bool = False,
        add_to_plan: bool = False,
    ) -> Recommendation:
        """The municipal side answers the item. "Not possible" needs the
        reason in `response`, and may ask the writing unit for guidance: an
        advice referral to it, quoting the item, is created (and sent when
        nothing needs confirming) and linked to the item. An answer can be
        changed; the first answer's time stays (it is what the 14 days
        measure). "Planned" with `add_to_plan` makes the item a measure in
        the person's individual plan in the same step."""
        response = (response or "").strip()
        errors = {}
        if status not in ANSWERS:
            errors["status"] = _("Choose planned, in progress, done or not possible.")
        elif status == RecommendationStatus.NOT_POSSIBLE and not response:
            errors["response"] = _("Write why the recommendation is not possible.")
        if ask_for_guidance and status != RecommendationStatus.NOT_POSSIBLE:
            errors["ask_for_guidance"] = _(
                "Guidance is asked for when a recommendation is not possible."
            )
        if add_to_plan and status != RecommendationStatus.PLANNED:
            errors["add_to_plan"] = _("Only a planned recommendation becomes a measure.")
        if len(response) > 5000:
            errors["response"] = _("At most 5000 characters.")
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            current = (
                type(self)
                .objects.for_user(by, access.CHANGE)
                .select_for_update(of=("self",))
                .filter(pk=self.pk)
                .first()
            )
            if current is None:
                raise PermissionDenied
            now = clock.now()
            self.status = status
            self.response = response
            self.answered_by = by
            self.answered_at = current.answered_at or now
            if status == RecommendationStatus.DONE:
                self.done_at = current.done_at or now
            else:
                self.done_at = None
            self.guidance_referral_id = current.guidance_referral_id
            if ask_for_guidance and self.guidance_referral_id is None:
                self.guidance_referral = self._ask_for_guidance(by)
            self.measure_id = current.measure_id
            if add_to_plan and self.measure_id is None:
                self.measure = self._make_measure(by)
            self.save(
                update_fields=[
                    "status",
                    "response",
                    "answered_by",
                    "answered_at",
                    "done_at",
                    "guidance_referral",
                    "measure",
                    "updated_at",
                ]
            )
            if (current.status, current.response) != (status, response):
                RecommendationEvent.objects.create(
                    recommendation=self,
                    at=now,
                    by=by,
                    from_status=current.status,
                    to_status=status,
                    response=response,
                )
        return self

    def _make_measure(self, by):
        """A planned measure in the person's plan (the one not closed or
        refused), saved through the plan's own service so its access rule
        and history apply. Who is responsible follows the proposed owner."""
        plan = (
            IndividualPlan.objects.filter(service_user_id=self.referral.service_user_id)
            .exclude(status__in=[IndividualPlan.Status.CLOSED, IndividualPlan.Status.REFUSED])
            .order_by("-pk")
            .first()
        )
        if plan is None:
            raise ValidationError(
                {
                    "add_to_plan": _(
                        "The person has no individual plan to add the measure to. "
                        "Start the plan first, or save the answer without it."
                    )
                }
            )
        owner = ProposedOwner(self.proposed_owner)
        responsible = {
            ProposedOwner.MUNICIPAL_SERVICE: self.answerer,
            ProposedOwner.DPS_OUTPATIENT: self.writer,
        }.get(owner)
        measure = Measure(
            plan=plan,
            description=self.text[:2000],
            responsible_organisation=responsible,
            responsible_other="" if responsible else str(owner.label).capitalize(),
            end=self.due,
            status=Measure.Status.PLANNED,
        )
        return plan_services.save_part(measure, by=by)

    def guidance_reason(self) -> str:
        return str(
            _(
                "Guidance asked for on recommendation %(position)s of referral #%(number)s "
                "(%(day)s):\n\n«%(text)s»\n\nWhy it is not possible now: %(response)s"
            )
            % {
                "position": self.position,
                "number": self.referral_id,
                "day": format_date(timezone.localdate(self.created_at)),
                "text": self.text,
                "response": self.response,
            }
        )

    def _ask_for_guidance(self, by):
        """An advice referral from the answering service to the writing unit.
        An open advice referral to that unit about the person is reused (one
        live referral per person, unit and kind), with this item added to
        what it asks."""
        referral_model = type(self.referral)
        writer, answerer = self.writer, self.answerer
        existing = (
            referral_model.objects.filter(
                service_user_id=self.referral.service_user_id,
                receiver=writer,
                kind=Kind.ADVICE,
                status__in=OPEN,
            )
            .select_for_update()
            .first()
        )
        if existing is not None:
            existing.requested = f"{existing.requested}\n\n{self.guidance_reason()}".strip()
            existing.save(update_fields=["requested", "updated_at"])
            return existing
        advice = referral_model.objects.create(
            service_user_id=self.referral.service_user_id,
            sender=answerer,
            receiver=writer,
            kind=Kind.ADVICE,
            reason=self.guidance_reason(),
            requested=str(_("Guidance on how the recommendation can be followed up.")),
            sender_contact=by,
        )
        try:
            advice.send(
                by=by,
                confirm_outside_catchment_note=str(
                    _("Guidance on a recommendation this unit wrote.")
                ),
            )
        except ValidationError:
            # A question only the coordinator can answer (the legal basis):
            # the draft waits on its page for them to send it.
            advice.refresh_from_db()
        return advice


def unanswered_for_writer(user, days: int = UNANSWERED_AFTER_DAYS):
    """The items the user's units wrote that are still unanswered after `days`."""
    organisations = access.organisation_ids(user)
    return (
        Recommendation.objects.for_user(user)
        .written_by(organisations)
        .unanswered_after(days)
        .with_related()
        .order_by("created_at", "pk")
    )
