"""The report's tasks, where Celery looks for them (`<app>.tasks`)."""

from reports.jobs import run_council_report

__all__ = ["run_council_report"]
