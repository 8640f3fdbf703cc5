"""gunicorn settings for BOPS (read from the directory gunicorn starts in;
command-line options override them). Measured in docs/running-at-scale.md,
"Throughput".

- Sync workers, two per core: a request waits on PostgreSQL for about a
  third of its time, so two processes per core keep the core busy.
- The app and its URL patterns are loaded once in the master and forked
  (`preload_app`): workers start warm and share the loaded code's memory.
- The garbage collector: what is loaded before the fork is frozen and the
  young generation is collected less often (bops/collector.py, shared with
  the benchmark).
"""

import multiprocessing
import os

from bops import collector

bind = os.environ.get("BOPS_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
preload_app = True
accesslog = "-"


def when_ready(server):
    # Runs in the master after the app is loaded: load the URL patterns too
    # (they import every view, the report's PDF library among them; a
    # cold worker took over 30 s for that on a loaded machine), then freeze.
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the views
    collector.freeze_what_is_loaded()


def post_fork(server, worker):
    collector.collect_less_often()
    # Nothing should have connected before the fork; if something did, the
    # worker must not share the master's socket.
    from django.db import connections

    connections.close_all()
