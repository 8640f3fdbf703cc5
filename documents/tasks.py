"""Scheduled work of the documents app (Celery beat, CELERY_BEAT_SCHEDULE)."""

import logging

from celery import shared_task

from documents.models import purge_deleted_files

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def purge_documents() -> int:
    """Remove the files of documents deleted longer ago than the retention
    period (the same as `manage.py purge_documents`). Run twice, the second
    run finds nothing left to remove."""
    removed = purge_deleted_files()
    logger.info("deleted documents purged", extra={"count": removed})
    return removed
