"""Work off the request path: Celery with Redis, its schedules, and mail
retries. Imported by bops/settings.py."""

import os

from celery.schedules import crontab

# --- Work off the request path: Celery with Redis -----------------------------
# `celery -A bops worker` and `celery -A bops beat` (bops/celery.py). Without a
# broker the tasks run in the calling process: the quick start needs no Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
# A task is acknowledged when it has finished, not when it is received: a worker
# that dies mid-task leaves it to another worker. One task at a time per process.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True  # job state lives in the database (ReportJob, SentMail)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_WORKER_SEND_TASK_EVENTS = False
# Redis hands an unacknowledged task to another worker after this many seconds;
# longer than the longest task (the national council report takes about 12 s)
# and the longest retry wait of a mail.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("BOPS_TASK_VISIBILITY_TIMEOUT", "3600")),
    # How often a worker looks for such tasks (every N seconds, each time).
    "unacked_restore_interval": int(os.environ.get("BOPS_TASK_RESTORE_EVERY", "60")),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_TIME_LIMIT = int(os.environ.get("BOPS_TASK_TIME_LIMIT", "900"))
# Half a minute before the hard limit kills the process, the task gets
# SoftTimeLimitExceeded: a report or export job catches it and is marked
# failed, instead of staying "running" until it is found stale.
CELERY_TASK_SOFT_TIME_LIMIT = max(CELERY_TASK_TIME_LIMIT - 30, 1)
CELERY_BEAT_SCHEDULE = {
    # Due-soon and overdue referrals per unit, by mail: working-day mornings.
    "referral-digest": {
        "task": "referrals.tasks.referral_digest",
        "schedule": crontab(
            hour=int(os.environ.get("BOPS_DIGEST_HOUR", "7")), minute=0, day_of_week="mon-fri"
        ),
    },
    # Offers of a place not answered in time, every day just after midnight.
    "expire-offers": {
        "task": "capacity.tasks.expire_offers",
        "schedule": crontab(hour=0, minute=15),
    },
    # Admission and discharge notices not acknowledged within one working day:
    # every hour in the working day, so the reminder goes out the same morning.
    "escalate-notices": {
        "task": "referrals.tasks.escalate_notices",
        "schedule": crontab(minute=5, hour="7-17", day_of_week="mon-fri"),
    },
    # Stored PDFs of a person's data export or access log: nightly.
    "purge-exports": {
        "task": "privacy.jobs.purge_exports",
        "schedule": crontab(hour=2, minute=45),
    },
    # Files of documents deleted longer ago than the retention period: nightly.
    "purge-documents": {
        "task": "documents.tasks.purge_documents",
        "schedule": crontab(hour=2, minute=30),
    },
}

# Mail goes through bops.tasks.send_mail: retries with a growing wait, each mail
# sent once (bops.SentMail).
BOPS_MAIL_MAX_RETRIES = int(os.environ.get("BOPS_MAIL_MAX_RETRIES", "8"))
BOPS_MAIL_RETRY_BACKOFF = int(os.environ.get("BOPS_MAIL_RETRY_BACKOFF", "30"))  # seconds, doubling
