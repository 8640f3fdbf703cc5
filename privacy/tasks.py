"""The privacy app's tasks, where Celery looks for them (`<app>.tasks`)."""

from privacy.jobs import purge_exports, run_export_job

__all__ = ["purge_exports", "run_export_job"]
