"""Scheduled work of the referrals app (Celery beat, CELERY_BEAT_SCHEDULE)."""

import io
import logging

from celery import shared_task
from django.core.management import call_command

from referrals.notices import escalate_overdue_notices

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def referral_digest() -> None:
    """The daily digest: each unit's overdue and due-soon referrals, by mail.
    Run twice on a day, it mails each unit once (the mails' keys name the day)."""
    out = io.StringIO()
    call_command("referral_digest", stdout=out)
    # The digest text lists referral numbers only; log just that it ran.
    logger.info("referral digest done", extra={"lines": out.getvalue().count("\n")})


@shared_task(acks_late=True)
def escalate_notices() -> int:
    """Notices not acknowledged within one working day: marked overdue and
    mailed again to every coordinator of the receiving service, once each."""
    count = escalate_overdue_notices()
    logger.info("notices escalated", extra={"count": count})
    return count
