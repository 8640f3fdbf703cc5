"""Who sees which referrals, and the lists every inbox is made of."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from bops import access
from referrals import clock, deadlines
from referrals.choices import (
    AWAITING_DECISION,
    DONE_WITHIN_DAYS,
    OPEN,
    UNANSWERED_AFTER_DAYS,
    Kind,
    RecommendationStatus,
    Status,
)

# The flows the council report counts, in print order (see `per_flow`).
FLOWS = ("dps", "bup", "residence", "return")


def _within_deadline() -> Q:
    return Q(assessment_deadline__isnull=False, decided_at__date__lte=F("assessment_deadline"))


def _overdue(on: datetime.date) -> Q:
    return Q(status__in=AWAITING_DECISION, assessment_deadline__lt=on)


def _late(on: datetime.date) -> Q:
    return Q(assessment_deadline__isnull=False) & (
        Q(decided_at__date__gt=F("assessment_deadline"))
        | Q(decided_at__isnull=True, assessment_deadline__lt=on, status__in=AWAITING_DECISION)
    )


class ReferralQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW, *, receiver: int | None = None):
        """The single rule of which referrals a user may see (VIEW) or act on
        (CHANGE).

        - superusers: all;
        - members of the sending organisation: its referrals, drafts included;
        - members of the receiving organisation: what was sent to it (never a
          draft);
        - the coordinator of the person's home municipality: all of that
          person's referrals, to see (acting is for the sender's members).
        Read-only members see but never act. Which transition a member may
        make (only the receiver decides, ...) is checked by the model methods.

        `receiver` (an organisation id) also keeps only what that organisation
        received: the same rows as `.filter(receiver=...)` after the rule.
        When it is one of the user's own organisations, the rule is written
        without its "received by one of mine" test, which every row then
        passes: with it, PostgreSQL multiplies in that test's selectivity
        again, expects 20 times too few rows for a busy unit, and sorts the
        whole list instead of reading it in index order (the busiest unit's
        inbox: 1.9 → 0.8 ms of database CPU).
        """
        if access.is_superuser(user):
            return self if receiver is None else self.filter(receiver=receiver)
        organisations = access.organisation_ids(user, action=action)
        received = Q(receiver__in=organisations) & ~Q(status=Status.DRAFT)
        if receiver is not None:
            self = self.filter(receiver=receiver)
            if receiver in organisations:
                received = ~Q(status=Status.DRAFT)
        rule = Q(sender__in=organisations) | received
        municipalities = access.coordinator_municipality_ids(user, action)
        if action == access.VIEW and municipalities:
            # Only when there are any: an empty IN still joins every referral
            # to its service user, which costs a scan of all people.
            rule |= Q(service_user__home_municipality__in=municipalities)
        return self.filter(rule)

    def open(self):
        return self.filter(status__in=OPEN)

    def awaiting_decision(self):
        return self.filter(status__in=AWAITING_DECISION)

    def overdue(self, on: datetime.date | None = None):
        """Not yet decided and past the assessment deadline."""
        return self.filter(_overdue(on or clock.today()))

    def with_is_overdue(self, on: datetime.date | None = None):
        """Annotates `is_overdue` (the rule of `overdue()`, computed by the
        database; `Referral.is_overdue` is the same rule for one object)."""
        return self.annotate(
            is_overdue=Case(
                When(_overdue(on or clock.today()), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def due_soon(self, days: int = 2, on: datetime.date | None = None):
        """Not yet decided, due today or within `days` working days."""
        on = on or clock.today()
        return self.awaiting_decision().filter(
            assessment_deadline__gte=on,
            assessment_deadline__lte=deadlines.add_working_days(on, days),
        )

    def inbox(self, organisation):
        """What the organisation has received and not yet closed, the
        earliest deadline first."""
        return (
            self.filter(receiver=organisation)
            .open()
            .exclude(status=Status.DRAFT)
            .order_by(models.F("assessment_deadline").asc(nulls_last=True), "sent_at", "pk")
        )

    # --- aggregates for reports: one query each, however many referrals ----

    def sent_in(self, start: datetime.date, end: datetime.date):
        """Referrals sent on a day in [start, end] (local dates)."""
        return self.filter(sent_at__date__range=(start, end))

    def per_flow(self) -> dict[str, int]:
        """Counts per flow: a municipal service to DPS ("dps"), to BUP ("bup"),
        to the residence ("residence"), and returns to the municipality after
        discharge ("return"); anything else is "other"."""
        from_municipality = Q(sender__kind="municipal_service")
        flow = Case(
            When(kind=Kind.RETURN, then=Value("return")),
            When(from_municipality & Q(receiver__kind="dps"), then=Value("dps")),
            When(from_municipality & Q(receiver__kind="bup"), then=Value("bup")),
            When(from_municipality & Q(receiver__kind="residence"), then=Value("residence")),
            default=Value("other"),
            output_field=models.CharField(),
        )
        rows = self.order_by().annotate(flow=flow).values("flow").annotate(n=Count("pk"))
        counts = dict.fromkeys((*FLOWS, "other"), 0)
        counts.update({row["flow"]: row["n"] for row in rows})
        return counts

    def received_in(self, start: datetime.date, end: datetime.date):
        """Referrals received on a day in [start, end] (local dates)."""
        return self.filter(received_at__date__range=(start, end))

    def deadline_compliance(self, on: datetime.date | None = None) -> dict[int, dict]:
        """Per receiving organisation id: {"within": n, "late": n} (one query).

        Only referrals under the legal clock count; one still inside its
        deadline on `on` counts in neither column yet.
        """
        rows = (
            self.filter(assessment_deadline__isnull=False)
            .order_by()
            .values("receiver_id")
            .annotate(
                within=Count("pk", filter=_within_deadline()),
                late=Count("pk", filter=_late(on or clock.today())),
            )
        )
        return {r["receiver_id"]: {"within": r["within"], "late": r["late"]} for r in rows}

    def decided_in(self, start: datetime.date, end: datetime.date):
        """Referrals accepted or rejected on a day in [start, end] (local dates)."""
        return self.filter(decided_at__date__range=(start, end))

    def decisions_per_receiver(self) -> dict[int, dict[str, int]]:
        """Per receiving organisation id: "accepted" and one count per rejection
        reason (the RejectionReason values), in one query."""
        rows = (
            self.filter(decided_at__isnull=False)
            .order_by()
            .values("receiver_id", "rejection_reason")
            .annotate(n=Count("pk"))
        )
        result: dict[int, dict[str, int]] = {}
        for row in rows:
            key = row["rejection_reason"] or Status.ACCEPTED.value
            counts = result.setdefault(row["receiver_id"], {})
            counts[key] = counts.get(key, 0) + row["n"]
        return result

    def closing_reasons(self, start: datetime.date, end: datetime.date) -> dict[str, dict]:
        """Referrals withdrawn and completed on a day in [start, end] (the day
        of the event that closed them; a referral reopened since is not
        counted), per reason category: {"withdrawn": {reason: n},
        "completed": {reason: n}} in two queries."""
        events = self.model._meta.get_field("events").related_model.objects
        result: dict[str, dict] = {}
        for status, field in (
            (Status.WITHDRAWN, "withdrawal_reason"),
            (Status.COMPLETED, "completion_reason"),
        ):
            closed = events.filter(
                referral=models.OuterRef("pk"), to_status=status, at__date__range=(start, end)
            )
            # A completed return that was then read (acknowledged) keeps its reason.
            statuses = [status, Status.ACKNOWLEDGED] if status == Status.COMPLETED else [status]
            rows = (
                self.filter(status__in=statuses)
                .exclude(**{field: ""})
                .filter(models.Exists(closed))
                .order_by()
                .values(field)
                .annotate(n=Count("pk"))
            )
            result[status.value] = {row[field]: row["n"] for row in rows}
        return result

    def with_related(self):
        return self.select_related("service_user", "sender", "receiver", "sender_contact")


class ReferralEventQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW):
        """An event is visible when its referral is."""
        if access.is_superuser(user):
            return self
        referrals = self.model._meta.get_field("referral").related_model.objects
        return self.filter(referral__in=referrals.for_user(user, action).values("pk"))


_WRITTEN_BY_SENDER = Q(referral__kind=Kind.RETURN)


class RecommendationQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW):
        """VIEW: the items of every referral the user may see. CHANGE (answer):
        the municipal side's acting members (the receiver of a return, the
        sender of any other referral)."""
        if access.is_superuser(user):
            return self
        if action == access.VIEW:
            from_referrals = self.model._meta.get_field("referral").related_model
            return self.filter(referral__in=from_referrals.objects.for_user(user, access.VIEW))
        organisations = access.organisation_ids(user, action=access.CHANGE)
        return self.filter(
            (_WRITTEN_BY_SENDER & Q(referral__receiver__in=organisations))
            | (~_WRITTEN_BY_SENDER & Q(referral__sender__in=organisations))
        )

    def written_by(self, organisations):
        """Items the organisations wrote (the specialist side): the sender of
        a return, the receiver of any other referral, kept on the item as
        `writer` (index `rec_writer_status_created_idx`)."""
        return self.filter(writer__in=organisations)

    def unanswered_after(self, days: int = UNANSWERED_AFTER_DAYS, now=None):
        """Not answered although written more than `days` days ago."""
        since = (now or clock.now()) - datetime.timedelta(days=days)
        return self.filter(status=RecommendationStatus.UNANSWERED, created_at__lt=since)

    def with_related(self):
        return self.select_related(
            "referral__service_user",
            "referral__sender",
            "referral__receiver",
            "writer",
            "answered_by",
            "guidance_referral",
        )

    # --- for the council report ------------------------------------------

    def written_in(self, start: datetime.date, end: datetime.date):
        """Items written on a day in [start, end] (local dates)."""
        return self.filter(created_at__date__range=(start, end))

    def follow_up_per_writer_kind(self) -> dict[str, dict[str, int]]:
        """Per kind of the unit that wrote the items (dps, bup, residence):
        how many were written, answered within 14 days and done within 3
        months (90 days) of being written. One query."""
        writer_kind = Case(
            When(referral__kind=Kind.RETURN, then=F("referral__sender__kind")),
            default=F("referral__receiver__kind"),
        )
        answered = Q(
            answered_at__isnull=False,
            answered_at__lte=F("created_at") + datetime.timedelta(days=UNANSWERED_AFTER_DAYS),
        )
        done = Q(
            done_at__isnull=False,
            done_at__lte=F("created_at") + datetime.timedelta(days=DONE_WITHIN_DAYS),
        )
        rows = (
            self.annotate(writer_kind=writer_kind)
            .values("writer_kind")
            .annotate(
                written=Count("pk"),
                answered=Count("pk", filter=answered),
                done=Count("pk", filter=done),
            )
            .order_by()
        )
        return {
            row["writer_kind"]: {
                "written": row["written"],
                "answered": row["answered"],
                "done": row["done"],
            }
            for row in rows
        }


class RecommendationEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("The history of a recommendation is never changed."))

    def delete(self):
        raise ValidationError(_("The history of a recommendation is never deleted."))
