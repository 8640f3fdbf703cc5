"""Scheduled work of the referrals app (Celery beat, CELERY_BEAT_SCHEDULE)."""

import io
import logging

from celery import shared_task
from django.core.management import call_command

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def referral_digest() -> None:
    """The daily digest: each unit's overdue and due-soon referrals, by mail.
    Run twice on a day, it mails each unit once (the mails' keys name the day)."""
    out = io.StringIO()
    call_command("referral_digest", stdout=out)
    # The digest text lists referral numbers only; log just that it ran.
    logger.info("referral digest done", extra={"lines": out.getvalue().count("\n")})
