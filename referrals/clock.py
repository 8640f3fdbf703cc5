"""The time referrals are stamped with.

Normally this is simply `timezone.now()` (which time-machine moves in tests).
Demo data needs to create two years of history through the real transition
methods, and the event table refuses UPDATE on PostgreSQL, so the timestamps
cannot be corrected afterwards: `backdated(moment)` makes every timestamp the
referral code writes inside the block equal to `moment` instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_moment: ContextVar[datetime.datetime | None] = ContextVar("referrals_clock", default=None)


def now() -> datetime.datetime:
    return _moment.get() or timezone.now()


def today() -> datetime.date:
    return timezone.localdate(now())


@contextmanager
def backdated(moment: datetime.datetime) -> Iterator[None]:
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)
