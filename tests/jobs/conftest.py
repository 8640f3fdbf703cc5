"""A real Celery worker on a real Redis, sharing the test database.

`broker` points this process's Celery app at Redis DB 5 (BOPS_TEST_BROKER_URL)
and empties it; `start_worker()` starts `celery -A bops worker` as a child
process with the test settings and the test database's name, so the worker
sees what the test commits (the tests use the transactional database). Without
Redis the tests are skipped with the reason; CI sets BOPS_REQUIRE_REDIS=1 and
they fail instead.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from kombu import pools as kombu_pools

from bops import health
from bops.celery import app as celery_app

BROKER_URL = os.environ.get("BOPS_TEST_BROKER_URL", "redis://127.0.0.1:6379/5")
ROOT = Path(__file__).resolve().parents[2]


def _redis() -> redis.Redis:
    client = redis.Redis.from_url(BROKER_URL, socket_connect_timeout=1, socket_timeout=5)
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        reason = f"needs Redis at {BROKER_URL} for a real Celery worker ({type(exc).__name__})"
        if os.environ.get("BOPS_REQUIRE_REDIS"):
            pytest.fail(reason)
        pytest.skip(reason)
    return client


_worker_logs: list[Path] = []


def wait_for(predicate, timeout: float = 60, every: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    tails = "\n".join(f"--- {log.name}\n{log.read_text()[-2000:]}" for log in _worker_logs)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}\n{tails}")


def _forget_connections() -> None:
    """Celery keeps its connection and producer pools once made: made for
    another broker URL earlier in the run, they would publish there."""
    kombu_pools.reset()  # closes and forgets every pool, so the next one is new
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@pytest.fixture
def broker(transactional_db, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the worker process shares the test database")
    client = _redis()
    client.flushdb()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = BROKER_URL
    settings.MEDIA_ROOT = str(tmp_path / "media")  # this test's PDFs only, shared with its workers
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = BROKER_URL
    _forget_connections()
    yield client
    celery_app.conf.task_always_eager = True
    _forget_connections()
    client.flushdb()


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    path = tmp_path / "mail"
    path.mkdir()
    return path


def sent_mails(mail_dir: Path) -> list[str]:
    """Every mail the worker wrote (the file backend writes one file per connection)."""
    messages = []
    for file in sorted(mail_dir.glob("*.log")):
        text = file.read_text()
        messages += [m for m in text.split("-" * 79) if m.strip()]
    return messages


class Worker:
    def __init__(self, process: subprocess.Popen, hostname: str, log: Path):
        self.process, self.hostname, self.log = process, hostname, log

    def kill(self) -> None:
        """SIGKILL the worker and its pool process: nothing gets to clean up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def start_worker(broker, mail_dir, tmp_path):
    """start_worker("a") -> a running worker named a@<host>."""
    workers: list[Worker] = []
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )

    def start(name: str) -> Worker:
        hostname = f"{name}@{socket.gethostname()}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bops.settings_test",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": BROKER_URL,
            "BOPS_TEST_MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
            "BOPS_TEST_MAIL_DIR": str(mail_dir),
            # A lost worker's task goes back to the queue after 10 s, not an hour.
            "BOPS_TASK_VISIBILITY_TIMEOUT": "10",
            "BOPS_TASK_RESTORE_EVERY": "1",
            "BOPS_MAIL_RETRY_BACKOFF": "1",
        }
        log = tmp_path / f"worker-{name}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "bops", "worker", "-n", hostname,
             "--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        worker = Worker(process, hostname, log)
        workers.append(worker)
        _worker_logs.append(log)
        key = f"{health.HEARTBEAT_PREFIX}{hostname}"
        try:
            wait_for(lambda: broker.exists(key) or process.poll() is not None, 60, what="worker")
        finally:
            if process.poll() is not None:
                raise AssertionError(f"worker {name} exited:\n{log.read_text()[-3000:]}")
        return worker

    yield start
    for worker in workers:
        worker.stop()
    _worker_logs.clear()


@pytest.fixture
def table_lock():
    """lock("table") holds an exclusive lock on a table from another connection
    until release(): a worker reading it waits there, mid-task."""
    db = connection.settings_dict

    def connect():
        return psycopg2.connect(
            dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"] or None,
            host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
        )  # fmt: skip

    conn, watcher = connect(), connect()
    watcher.autocommit = True  # pg_stat_activity is read afresh each time

    class Lock:
        def lock(self, table: str) -> None:
            with conn.cursor() as cursor:
                cursor.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')

        def someone_waits(self) -> bool:
            with watcher.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                )
                return cursor.fetchone()[0] > 0

        def release(self) -> None:
            conn.rollback()

    yield Lock()
    conn.rollback()
    conn.close()
    watcher.close()
