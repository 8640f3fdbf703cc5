"""Idle sessions end after SESSION_COOKIE_AGE (30 minutes) without a request.

Django's SESSION_SAVE_EVERY_REQUEST moves the expiry on by writing the
session on every request: three statements (savepoint, UPDATE, release) on
every page and API call, a third of the statements of a simple page. Here
the session is written at most once a minute: the expiry moves when the
last move is a minute old, so a session ends between 29 and 30 minutes
after the last request. Login stamps the time, so the first requests after
it write nothing.
"""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

REFRESHED_AT = "_bops_session_refreshed_at"
REFRESH_EVERY_SECONDS = 60


class RefreshIdleSessionMiddleware:
    """Place after SessionMiddleware (its response phase runs first, so the
    session is saved by SessionMiddleware when this marks it changed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.session_key:
            return response  # no session cookie (an API token, anonymous)
        last = session.get(REFRESHED_AT, 0)  # loads the session
        now = int(time.time())
        # No key after loading: the cookie named no live session (expired,
        # logged out); writing would start a new one.
        if session.session_key and now - last >= REFRESH_EVERY_SECONDS:
            session[REFRESHED_AT] = now
        return response


@receiver(user_logged_in)
def stamp_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_AT] = int(time.time())
