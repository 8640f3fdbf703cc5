"""The referral panels of the dashboards at `/` (see dashboards/sections.py).

Each function returns template context; every list is evaluated here with
its related rows, so a dashboard costs the same few queries however many
referrals there are. The keys ending in `_shown` list the referrals whose
person appears on the page, for the access log.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from bops import access
from municipalities.models import Membership, Organisation
from referrals import clock, deadlines
from referrals.choices import AWAITING_DECISION, DECISIONS, OPEN, TRANSITIONS, Kind, Status
from referrals.models import Referral, ReferralEvent
from referrals.visits import DashboardVisit

#: A return is acknowledged from these statuses.
AWAITING_ACKNOWLEDGEMENT = TRANSITIONS["acknowledge"].sources
#: Without an earlier visit, decisions this recent count as news.
FIRST_VISIT_DAYS = 14
PANEL_ROWS = 10
INBOX_ROWS = 50
DUE_SOON_DAYS = 2


def coordinator_referrals(user) -> dict:
    """Outgoing referrals (new decisions first, then counts by status),
    returns awaiting acknowledgement, and what is overdue or due soon."""
    organisations = access.organisation_ids(user)
    since = DashboardVisit.record(user)
    news_since = since or clock.now() - datetime.timedelta(days=FIRST_VISIT_DAYS)
    outgoing = Referral.objects.for_user(user).filter(sender__in=organisations)
    decided = ReferralEvent.objects.filter(
        referral=OuterRef("pk"),
        at__gt=news_since,
        to_status__in=DECISIONS,
        kind=ReferralEvent.Kind.CHANGE,
    )
    # A decision saves the referral, so only referrals changed since then can
    # have one: that cheap filter spares the event look-up for the rest
    # (a busy unit sends thousands). A minute's margin covers the moment
    # between saving the referral and writing its event.
    recently_changed = outgoing.filter(updated_at__gte=news_since - datetime.timedelta(minutes=1))
    new_decisions = list(
        recently_changed.filter(Exists(decided))
        .with_related()
        .order_by("-updated_at", "-pk")[:PANEL_ROWS]
    )
    counts = dict(
        outgoing.open().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    by_status = [
        {"status": status, "label": Status(status).label, "count": counts[status]}
        for status in OPEN
        if counts.get(status)
    ]
    returns = list(
        Referral.objects.for_user(user)
        .filter(
            kind=Kind.RETURN,
            receiver__in=organisations,
            status__in=AWAITING_ACKNOWLEDGEMENT,
        )
        .with_related()
        .order_by("sent_at", "pk")[:PANEL_ROWS]
    )
    overdue, due_soon = overdue_and_due_soon(outgoing)
    return {
        "referrals_since": since,
        "new_decisions": new_decisions,
        "outgoing_by_status": by_status,
        "outgoing_open_total": sum(row["count"] for row in by_status),
        "returns_to_acknowledge": returns,
        "outgoing_overdue": overdue,
        "outgoing_due_soon": due_soon,
        "coordinator_referrals_shown": [*new_decisions, *returns, *overdue, *due_soon],
    }


def overdue_and_due_soon(referrals) -> tuple[list[Referral], list[Referral]]:
    """The first PANEL_ROWS overdue and the first PANEL_ROWS due soon, each
    by deadline, in one query: a row number per group, the earliest first."""
    today = clock.today()
    soon = deadlines.add_working_days(today, DUE_SOON_DAYS)
    # Overdue: before today; due soon: today up to `soon` (as the querysets' rules).
    rows = (
        referrals.awaiting_decision()
        .filter(assessment_deadline__lte=soon)
        .annotate(
            late=Case(
                When(assessment_deadline__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("late")],
                order_by=[F("assessment_deadline").asc(), F("pk").asc()],
            )
        )
        .filter(place__lte=PANEL_ROWS)
        .with_related()
        .order_by("assessment_deadline", "pk")
    )
    overdue: list[Referral] = []
    due_soon: list[Referral] = []
    for referral in rows:
        (overdue if referral.late else due_soon).append(referral)
    return overdue, due_soon


def intake_context(user) -> dict:
    """Each intake unit's inbox: overdue first, then due soon (with the
    working days left), then the rest, earliest deadline first."""
    inboxes, shown = _inboxes(user, Membership.Role.INTAKE)
    return {"inboxes": inboxes, "intake_referrals_shown": shown}


def residence_referrals(user) -> dict:
    """The residence's own inbox: admission referrals sent to it, on the
    residence lead's dashboard in the intake layout."""
    inboxes, shown = _inboxes(user, Membership.Role.RESIDENCE_LEAD, awaiting_only=True)
    return {"residence_inboxes": inboxes, "shown_people": [r.service_user_id for r in shown]}


def _inboxes(user, role, awaiting_only: bool = False) -> tuple[list[dict], list[Referral]]:
    """Per unit: overdue, due soon, the rest. `awaiting_only`: only referrals
    still waiting for the unit's decision (the residence's started stays are
    on its place board, not in its inbox)."""
    unit_ids = access.organisation_ids(user, roles={role})
    today = clock.today()
    soon = deadlines.add_working_days(today, DUE_SOON_DAYS)
    inboxes = []
    shown: list[Referral] = []
    for unit in Organisation.objects.filter(pk__in=unit_ids).order_by("name"):
        inbox = Referral.objects.for_user(user, receiver=unit.pk).inbox(unit).with_related()
        if awaiting_only:
            inbox = inbox.filter(status__in=AWAITING_DECISION)
        urgent = Q(status__in=AWAITING_DECISION, assessment_deadline__lte=soon)
        overdue = list(inbox.overdue(on=today)[:INBOX_ROWS])
        due_soon = list(inbox.due_soon(DUE_SOON_DAYS, on=today)[:INBOX_ROWS])
        rest_all = inbox.exclude(urgent)
        rest = list(rest_all[:INBOX_ROWS])
        rest_count = len(rest) if len(rest) < INBOX_ROWS else rest_all.count()
        inboxes.append(
            {
                "unit": unit,
                "overdue": overdue,
                "due_soon": due_soon,
                "rest": rest,
                "rest_more": rest_count - len(rest),
            }
        )
        shown += [*overdue, *due_soon, *rest]
    return inboxes, shown
