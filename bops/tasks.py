"""Tasks of the project core: mail."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.conf import settings

from bops.mail import SentMail

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_mail(self, *, key: str, subject: str, body: str, recipients: list[str]) -> bool:
    """Send one mail once (bops.mail.SentMail); a failing mail server is tried
    again after 30 s, 60 s, 120 s ... (BOPS_MAIL_RETRY_BACKOFF, BOPS_MAIL_MAX_RETRIES)."""
    try:
        sent = SentMail.send_once(key, subject, body, recipients)
    except (OSError, smtplib.SMTPException) as exc:
        attempt = self.request.retries
        logger.warning(
            "mail failed",
            extra={"mail_key": key, "attempt": attempt + 1, "error": type(exc).__name__},
        )
        if attempt >= settings.BOPS_MAIL_MAX_RETRIES:
            raise
        raise self.retry(exc=exc, countdown=settings.BOPS_MAIL_RETRY_BACKOFF * 2**attempt) from exc
    logger.info(
        "mail sent" if sent else "mail already sent",
        extra={"mail_key": key, "recipients": len(recipients)},
    )
    return sent
