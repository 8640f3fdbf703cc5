"""Mail through the task on a real worker: queued twice or delivered again, a
mail goes out once."""

import pytest

from bops.mail import SentMail
from bops.tasks import send_mail
from tests.jobs.conftest import sent_mails, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.worker]


def test_a_mail_queued_twice_is_sent_once(start_worker, mail_dir):
    start_worker("a")
    for _ in range(2):
        send_mail.delay(
            key="referral-1-sent-v2",
            subject="[BOPS] New referral #1",
            body="Referral #1",
            recipients=["dps@example.org"],
        )
    wait_for(lambda: SentMail.objects.filter(sent_at__isnull=False).exists(), 30, what="mail")
    wait_for(lambda: broker_empty(), 30, what="both tasks to run")
    assert len(sent_mails(mail_dir)) == 1
    assert SentMail.objects.get().attempts == 1


def broker_empty():
    from bops.health import _redis

    return _redis().llen("celery") == 0 and not _redis().hlen("unacked")
