"""Mail that leaves BOPS through a task, once.

`send(key, subject, body, recipients)` queues the mail when the surrounding
transaction commits (a rolled-back change sends nothing). The task
(`send_mail` below) retries a failing mail server with a growing wait. `key` names
the mail: "referral-12-sent-v2", "digest-2026-12-01-org-5". A mail whose key
was sent is never sent again, whether the task is retried, redelivered after a
lost worker, or queued twice.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class SentMail(models.Model):
    """One mail BOPS sends, by its idempotency key: queued, then sent once.

    Holds no body: mails carry no personal data, but the record need not
    keep even what they say."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    subject = models.CharField(_("subject"), max_length=300)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mails")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.key

    @property
    def message_id(self) -> str:
        """The same Message-ID on every try: a receiving server or mail client
        that sees it twice (a crash between SMTP and our commit) shows it once."""
        digest = hashlib.sha256(self.key.encode()).hexdigest()[:32]
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "bops.local"
        return f"<{digest}@{domain}>"

    @classmethod
    def send_once(cls, key: str, subject: str, body: str, recipients: list[str]) -> bool:
        """Send unless already sent. True when this call sent it.

        The row is locked while the mail goes out, so two deliveries of the same
        task cannot both send; a failure rolls back and leaves it unsent."""
        with transaction.atomic():
            record, _created = cls.objects.select_for_update().get_or_create(
                key=key, defaults={"subject": subject[:300], "recipient_count": len(recipients)}
            )
            if record.sent_at:
                return False
            record.attempts += 1
            message = EmailMessage(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                recipients,
                headers={"Message-ID": record.message_id},
            )
            message.send()
            record.sent_at = timezone.now()
            record.save(update_fields=["attempts", "sent_at"])
            return True


@shared_task(name="bops.tasks.send_mail", bind=True, acks_late=True, max_retries=None)
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


def send(key: str, subject: str, body: str, recipients: list[str]) -> None:
    """Queue the mail for when the current transaction commits."""
    if not recipients:
        return
    # robust: a broker or mail server that is down never undoes or fails the
    # user's action; the failure is logged (and retried by the task).
    transaction.on_commit(
        lambda: send_mail.delay(
            key=key, subject=str(subject), body=str(body), recipients=list(recipients)
        ),
        robust=True,
    )
