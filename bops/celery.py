"""The Celery app: `celery -A bops worker` and `celery -A bops beat`.

Settings come from Django settings with the `CELERY_` prefix (bops/settings.py
reads them from the environment). With no `CELERY_BROKER_URL` the tasks run
in the calling process, so the quick start needs no Redis.

Celery imports this module before Django is set up (bops/__init__.py), so
the signal handlers below import the project's modules when they run.
"""

from __future__ import annotations

import os

from celery import Celery, bootsteps, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bops.settings")

app = Celery("bops")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class Heartbeat(bootsteps.StartStopStep):
    """Every few seconds the worker writes a key with a short life into the
    broker's Redis; /health/ready looks for one (bops/health.py)."""

    requires = {"celery.worker.components:Timer"}

    def start(self, worker):
        from bops import health

        health.beat_worker_heartbeat(worker.hostname)
        self.tref = worker.timer.call_repeatedly(
            health.HEARTBEAT_EVERY, health.beat_worker_heartbeat, (worker.hostname,), priority=10
        )

    def stop(self, worker):
        tref = getattr(self, "tref", None)
        if tref:
            tref.cancel()


app.steps["worker"].add(Heartbeat)


@signals.before_task_publish.connect
def _carry_request_id(headers=None, **kwargs):
    """The request id of the web request (or task) that starts a task goes
    with it, so its log lines can be joined with the request's."""
    from bops import logs

    request_id = logs.current_request_id()
    if request_id and headers is not None:
        headers.setdefault("bops_request_id", request_id)


@signals.task_prerun.connect
def _adopt_request_id(task=None, **kwargs):
    from bops import logs

    if task is None or task.request.is_eager:
        return  # in-process: the caller's request id is already the current one
    request_id = getattr(task.request, "bops_request_id", None)
    logs.set_request_id(request_id or logs.new_request_id())


@signals.setup_logging.connect
def _use_django_logging(**kwargs):
    """The worker logs through Django's LOGGING (JSON lines), not its own setup."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
