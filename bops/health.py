"""Liveness and readiness for load balancers and orchestrators.

/health/live answers 200 while the process serves requests. /health/ready runs
the checks below (django-health-check's HealthCheck classes) and answers 200
with the list of checks, or 503 naming the failing ones:

- database: `SELECT 1` (django-health-check's Database check);
- migrations: none left to apply;
- broker: the Celery broker (Redis) answers;
- worker: a worker wrote its heartbeat within the last minute (bops/celery.py
  writes one every 15 s into the broker's Redis).

With no broker configured the tasks run in the web process: broker and worker
are then reported as "in-process" and pass.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import time

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.exceptions import HealthCheckException, ServiceUnavailable

HEARTBEAT_EVERY = 15  # seconds
HEARTBEAT_TTL = 60  # "seen in the last minute"
HEARTBEAT_PREFIX = "bops:worker-heartbeat:"
_TIMEOUT = 2  # seconds for each network check


def in_process() -> bool:
    """Tasks run in the calling process: there is no broker and no worker."""
    return bool(settings.CELERY_TASK_ALWAYS_EAGER)


def _redis() -> redis.Redis:
    return redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_timeout=_TIMEOUT, socket_connect_timeout=_TIMEOUT
    )


def beat_worker_heartbeat(hostname: str) -> None:
    """Called by the worker: "I am here", for a minute."""
    if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        _redis().set(f"{HEARTBEAT_PREFIX}{hostname}", int(time.time()), ex=HEARTBEAT_TTL)


@dataclasses.dataclass
class Migrations(HealthCheck):
    """Every migration on disk is applied to the database."""

    alias: str = DEFAULT_DB_ALIAS

    def run(self):
        executor = MigrationExecutor(connections[self.alias])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise ServiceUnavailable("migrations not applied")


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker answers a ping."""

    def run(self):
        if in_process():
            return
        try:
            _redis().ping()
        except (redis.RedisError, OSError) as exc:
            raise ServiceUnavailable("broker unreachable") from exc


@dataclasses.dataclass
class WorkerHeartbeat(HealthCheck):
    """At least one worker wrote its heartbeat within the last minute."""

    def run(self):
        if in_process():
            return
        try:
            found = next(iter(_redis().scan_iter(f"{HEARTBEAT_PREFIX}*", count=100)), None)
        except (redis.RedisError, OSError) as exc:
            raise ServiceUnavailable("broker unreachable") from exc
        if found is None:
            raise ServiceUnavailable("no worker heartbeat in the last minute")


READY_CHECKS: dict[str, HealthCheck] = {
    "database": Database(),
    "migrations": Migrations(),
    "broker": Broker(),
    "worker": WorkerHeartbeat(),
}


def _run(check: HealthCheck) -> str | None:
    """None when the check passes, else its message (never a secret: the
    checks' messages are fixed strings)."""
    try:
        if inspect.iscoroutinefunction(check.run):
            asyncio.run(check.run())
        else:
            check.run()
    except HealthCheckException as exc:
        return exc.message
    except Exception as exc:  # an unexpected failure is a failing check, not a 500
        return type(exc).__name__
    return None


@never_cache
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    checks = []
    for name, check in READY_CHECKS.items():
        started = time.perf_counter()
        error = _run(check)
        entry = {
            "name": name,
            "status": "ok" if error is None else "failing",
            "ms": round((time.perf_counter() - started) * 1000, 1),
        }
        if error is not None:
            entry["error"] = error
        elif name in ("broker", "worker") and in_process():
            entry["note"] = "in-process"
        checks.append(entry)
    failing = [c["name"] for c in checks if c["status"] != "ok"]
    body = {"status": "failing" if failing else "ok", "failing": failing, "checks": checks}
    return JsonResponse(body, status=503 if failing else 200)
