"""BOPS: the Django project. The Celery app loads with it, so tasks find it."""

from bops.celery import app as celery_app

__all__ = ["celery_app"]
