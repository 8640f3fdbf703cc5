"""API rate limits (DRF throttles), with their rates in one setting.

Three limits, each answered with 429 and `Retry-After` (DRF's handler adds
the header from `wait()`):

- ``user``: every API request, per signed-in user (per address when
  anonymous) -- a general ceiling on how fast one account can read;
- ``write``: POST, PUT, PATCH and DELETE per user, on top of that;
- ``token``: the token endpoint per client address, before any password is
  checked, so password guessing against many user names is slow as well
  (django-axes still locks one user name after five failures).

The rates live in ``settings.BOPS_API_RATES`` and are read at request time,
not at import as DRF's own classes do, so a deployment (or a test) changes
them with the setting alone. The counts are kept in Django's default cache:
with several server processes that cache must be shared for a limit to hold
across them. bops/settings.py makes it Redis when BOPS_CACHE_URL (or
REDIS_URL) is set, local memory otherwise. The user and write limits are
counted with two numbers per user (`CountingRateThrottle`), the token
endpoint's small limit with DRF's exact list.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import SimpleRateThrottle

#: The estimate must fall below the rate, not reach it: a moment more.
_STRICTLY = 0.001


class SettingsRateThrottle(SimpleRateThrottle):
    """A throttle whose rate is `settings.BOPS_API_RATES[scope]` (None = off),
    counted as DRF counts: a list of the times of the requests let through
    within the last `duration`, exact at any moment. Right for small rates
    (the token endpoint's few tries a minute)."""

    def __init__(self):
        # SimpleRateThrottle reads the rate in __init__; ours is read there too,
        # but from the live setting.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_rate(self):
        return getattr(settings, "BOPS_API_RATES", {}).get(self.scope)


class CountingRateThrottle(SettingsRateThrottle):
    """A rate counted with two numbers per user and scope, for the large
    rates of every request and every write.

    DRF's list of every request's time is read and written on every request,
    and at an integration's pace it grows to thousands of entries (a
    3000/hour limit keeps up to 3 000 floats, sent to and from Redis each
    time; with 7 000 entries in local memory, about 1 ms a request). Here the
    cache holds a counter for the current window (one `duration` long) and
    the previous one, and the requests of the last `duration` are estimated
    as the previous count, weighted by how much of it still lies within the
    last `duration`, plus the current count (the "sliding window counter").
    No window lets through more than the rate; over any stretch of
    `duration` it is the rate when requests come evenly, and approaches twice
    the rate only when the previous window's requests all came at its very
    end. The token endpoint keeps the exact list.
    """

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        self.window = int(self.now // self.duration)
        current, previous = f"{self.key}:{self.window}", f"{self.key}:{self.window - 1}"
        counts = self.cache.get_many([current, previous])
        self.used = counts.get(current, 0)
        self.earlier = counts.get(previous, 0)
        if self._estimate(self.now) >= self.num_requests:
            return self.throttle_failure()
        # The counter lives two windows: as "current", then as "previous".
        if not self.cache.add(current, 1, 2 * self.duration):
            try:
                self.cache.incr(current)
            except ValueError:  # expired between the two calls
                self.cache.add(current, 1, 2 * self.duration)
        return True

    def _estimate(self, moment: float) -> float:
        into_window = (moment - self.window * self.duration) / self.duration
        return self.earlier * (1 - into_window) + self.used

    def wait(self):
        """Seconds until the estimate falls below the rate, if no request
        comes in the meantime (the `Retry-After` header)."""
        start = self.window * self.duration
        if self.used < self.num_requests:
            # Within this window, as the previous window's weight shrinks.
            share = 1 - (self.num_requests - self.used) / self.earlier
            return max(start + share * self.duration - self.now, 0) + _STRICTLY
        # In the next window, as this window's count becomes the previous one.
        share = 1 - self.num_requests / self.used
        return start + self.duration + share * self.duration - self.now + _STRICTLY


class PerUserRateThrottle(CountingRateThrottle):
    """Counted per signed-in user (per address when anonymous)."""

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"addr-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class UserRateThrottle(PerUserRateThrottle):
    scope = "user"


class WriteRateThrottle(PerUserRateThrottle):
    scope = "write"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class TokenRateThrottle(SettingsRateThrottle):
    """Per client address: the caller of the token endpoint is nobody yet."""

    scope = "token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
