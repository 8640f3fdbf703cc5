"""Demo data for following up returns (a demo step after the referrals):
recommendation items answered in every status (one "not possible" asking
for guidance), notices from the DPS to the home services (one acknowledged
with the next of kin, one waiting, one overdue and reminded) and one
rejected referral reopened with its comment.

Idempotent: it adds nothing when any item is answered or any notice exists.
Deterministic: rows are taken in primary-key order. Back-dated through
`clock.backdated` like the referral demo; mail is muted.
"""

from __future__ import annotations

import datetime
import sys

from django.db import IntegrityError, transaction
from django.utils import timezone

from municipalities.models import Membership, Organisation
from referrals import clock, notifications
from referrals.choices import Kind, RecommendationStatus, Status
from referrals.models import Referral
from referrals.notices import Notice, NoticeKind, escalate_overdue_notices
from referrals.recommendations import Recommendation

#: The answers given to the unanswered items, in turn (None: left unanswered).
ANSWER_CYCLE = [
    (RecommendationStatus.PLANNED, "Teke inn i individuell plan."),
    (RecommendationStatus.IN_PROGRESS, "Oppstart denne veka."),
    (RecommendationStatus.DONE, "Gjennomført."),
    None,
    (RecommendationStatus.PLANNED, "Blir drøfta i ansvarsgruppa."),
    (RecommendationStatus.DONE, "Ordna."),
]
NOT_POSSIBLE = "Kommunen har ikkje kompetanse på dette no."


def _actor(organisation_id: int):
    member = (
        Membership.objects.filter(organisation_id=organisation_id, read_only=False)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return member.user if member else None


def seed(stdout=None) -> None:
    stdout = stdout or sys.stdout
    if (
        Notice.objects.exists()
        or Recommendation.objects.exclude(status=RecommendationStatus.UNANSWERED).exists()
    ):
        stdout.write("Follow-up data exists already: none added.\n")
        return
    with notifications.muted():
        answered = _answer_items()
        notices = _notices()
        reopened = _reopen_one()
    stdout.write(
        f"Demo follow-up: {answered} recommendations answered, {notices} notices, "
        f"{reopened} referral reopened.\n"
    )


def _answer_items() -> int:
    items = list(
        Recommendation.objects.filter(status=RecommendationStatus.UNANSWERED)
        .select_related("referral")
        .order_by("pk")
    )
    count = 0
    guidance_asked = False
    for index, item in enumerate(items):
        by = _actor(item.answerer.pk)
        if by is None:
            continue
        moment = item.created_at + datetime.timedelta(days=2 + index % 20)
        if moment > timezone.now():
            continue
        if index % 9 == 8:
            answer = (RecommendationStatus.NOT_POSSIBLE, NOT_POSSIBLE)
        else:
            answer = ANSWER_CYCLE[index % len(ANSWER_CYCLE)]
        if answer is None:
            continue
        status, response = answer
        ask = status == RecommendationStatus.NOT_POSSIBLE and not guidance_asked
        try:
            with transaction.atomic(), clock.backdated(moment):
                item.answer(by=by, status=status, response=response, ask_for_guidance=ask)
        except IntegrityError:
            continue
        guidance_asked = guidance_asked or ask
        count += 1
    return count


def _notices() -> int:
    """Three notices from the first DPS with a member, about people it has
    had referrals for: acknowledged, waiting, and overdue (reminded)."""
    dps = Organisation.objects.filter(kind=Organisation.Kind.DPS, active=True).order_by("pk")
    for unit in dps:
        sender = _actor(unit.pk)
        people = list(
            Referral.objects.filter(receiver=unit)
            .order_by("pk")
            .values_list("service_user", flat=True)
            .distinct()[:3]
        )
        if sender is not None and len(people) == 3:
            break
    else:
        return 0
    service_user_model = Referral._meta.get_field("service_user").related_model
    first, second, third = (service_user_model.objects.get(pk=pk) for pk in people)
    now = timezone.now()
    with clock.backdated(now - datetime.timedelta(days=6)):
        overdue = Notice.send(
            by=sender, service_user=first, kind=NoticeKind.READY_FOR_DISCHARGE, sender=unit
        )
    escalate_overdue_notices()
    with clock.backdated(now - datetime.timedelta(days=3)):
        done = Notice.send(
            by=sender,
            service_user=second,
            kind=NoticeKind.DISCHARGE_PLANNED,
            sender=unit,
            expected_date=timezone.localdate(now) + datetime.timedelta(days=10),
            note="Planlagt utskriving; treng bustad med oppfølging.",
        )
        coordinator = _actor(done.receiver_id)
        if coordinator is not None:
            done.acknowledge(
                by=coordinator,
                next_of_kin_informed=True,
                next_of_kin_who="Mor",
                next_of_kin_on=timezone.localdate(now - datetime.timedelta(days=3)),
            )
    Notice.send(by=sender, service_user=third, kind=NoticeKind.ADMITTED, sender=unit)
    return 3 if overdue else 2


def _reopen_one() -> int:
    """The newest rejected referral that can come back without a duplicate,
    reopened by its receiver a few days after the rejection."""
    for referral in Referral.objects.filter(status=Status.REJECTED, kind=Kind.ASSESSMENT).order_by(
        "-decided_at", "-pk"
    )[:20]:
        if referral.open_duplicate() is not None:
            continue
        by = _actor(referral.receiver_id)
        if by is None or referral.decided_at is None:
            continue
        moment = min(referral.decided_at + datetime.timedelta(days=3), timezone.now())
        try:
            with transaction.atomic(), clock.backdated(moment):
                referral.reopen_rejected(
                    by=by, note="Ny vurdering etter samtale med fastlegen.", version=None
                )
        except IntegrityError:
            continue
        return 1
    return 0
