"""Scheduled work of the residence (Celery beat, CELERY_BEAT_SCHEDULE)."""

import logging

from celery import shared_task

from capacity import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def expire_offers() -> int:
    """Offers of a place not answered by their last day lapse; running twice is harmless."""
    count = services.expire_offers()
    reminded = services.remind_offers()
    logger.info("offers expired", extra={"count": count, "reminded": reminded})
    return count
