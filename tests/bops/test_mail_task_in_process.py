"""Mail through the task with no broker (tasks in process), and the beat schedule."""

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.core import mail

from bops.celery import app
from bops.mail import SentMail
from bops.tasks import send_mail

pytestmark = pytest.mark.django_db


def send(key="referral-7-sent-v2"):
    return send_mail.delay(
        key=key, subject="[BOPS] New referral #7", body="#7", recipients=["dps@example.org"]
    )


def test_a_mail_is_sent_once_however_often_its_task_runs():
    send()
    send()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == SentMail.objects.get().message_id
    assert SentMail.objects.get().sent_at is not None


def test_a_mail_server_that_refuses_leaves_the_mail_unsent_for_a_retry_in_30_s(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens on port 1
    with pytest.raises(Retry, match="Retry in 30s"):
        send("digest-2026-01-15-org-3")
    # The failed try rolled back: nothing is recorded as sent, so the retry sends it.
    assert not SentMail.objects.filter(key="digest-2026-01-15-org-3", sent_at__isnull=False)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send("digest-2026-01-15-org-3")
    assert len(mail.outbox) == 1


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
