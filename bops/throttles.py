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
REDIS_URL) is set, local memory otherwise.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import SimpleRateThrottle


class SettingsRateThrottle(SimpleRateThrottle):
    """A throttle whose rate is `settings.BOPS_API_RATES[scope]` (None = off)."""

    def __init__(self):
        # SimpleRateThrottle reads the rate in __init__; ours is read there too,
        # but from the live setting.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_rate(self):
        return getattr(settings, "BOPS_API_RATES", {}).get(self.scope)

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"addr-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class UserRateThrottle(SettingsRateThrottle):
    scope = "user"


class WriteRateThrottle(SettingsRateThrottle):
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
