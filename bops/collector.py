"""The cycle collector's settings of a BOPS server process, in one place for
gunicorn (gunicorn.conf.py) and the benchmark (scale/bench.py), so the
benchmark measures what a server worker runs.

Django's ORM allocates many short-lived objects; with Python's default
threshold (700) a request runs the young-generation collection dozens of
times, and now and then a full collection walks every object the process
holds (in the benchmark, one request of twenty took 150-250 ms more for it).
Everything loaded at start is frozen (never scanned again), and the young
generation is collected every 50 000 allocations instead. Reference counting
still frees nearly everything at once; the collector only finds cycles, and a
request's cycles die with it.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

THRESHOLDS = (50_000, 20, 100)


def freeze_what_is_loaded() -> None:
    """Leave what is loaded now out of every later collection."""
    gc.freeze()


def collect_less_often() -> None:
    gc.set_threshold(*THRESHOLDS)


@contextmanager
def fewer_collections():
    """The server's thresholds for a stretch of work that makes many objects
    and keeps them (WeasyPrint laying out a report), the process's own
    thresholds afterwards, and one pass over the young objects it left, not
    over the whole heap later."""
    before = gc.get_threshold()
    collect_less_often()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.collect(1)
