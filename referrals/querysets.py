"""Who sees which referrals, and the lists every inbox is made of."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from bops import access
from referrals import clock, deadlines

OPEN = ("draft", "sent", "received", "info_requested", "accepted", "started")
AWAITING_DECISION = ("sent", "received", "info_requested")


class ReferralQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW):
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
        """
        if access.is_superuser(user):
            return self
        organisations = access.organisation_ids(user, action=action)
        rule = Q(sender__in=organisations) | (Q(receiver__in=organisations) & ~Q(status="draft"))
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
        on = on or clock.today()
        return self.awaiting_decision().filter(assessment_deadline__lt=on)

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
            .exclude(status="draft")
            .order_by(models.F("assessment_deadline").asc(nulls_last=True), "sent_at", "pk")
        )

    def with_related(self):
        return self.select_related("service_user", "sender", "receiver", "sender_contact")


class ReferralEventQuerySet(models.QuerySet):
    def for_user(self, user, action: str = access.VIEW):
        """An event is visible when its referral is."""
        if access.is_superuser(user):
            return self
        from referrals.models import Referral

        return self.filter(referral__in=Referral.objects.for_user(user, action).values("pk"))
