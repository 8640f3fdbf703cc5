"""Logs as JSON lines, each carrying the id of the request (or task) it
belongs to.

`RequestLogMiddleware` gives every request an id (taken from a trusted
`X-Request-ID` header of the load balancer when it sends one), answers with it
in `X-Request-ID`, and writes one line per request: method, route, view,
status and duration. Never the query string or the body: they may carry a
name or an identity number. Tasks started while the request runs carry the id
(bops/celery.py).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

_request_id: ContextVar[str | None] = ContextVar("bops_request_id", default=None)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

logger = logging.getLogger("bops.requests")


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return _request_id.get()


def set_request_id(value: str | None):
    return _request_id.set(value)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record, so every line can be joined."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = _request_id.get()
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object per line: time, level, logger, message, request id and
    whatever `extra={...}` the caller gave."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "{asctime}{levelname}{name}{message}{request_id}")
        kwargs.setdefault("style", "{")
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        super().__init__(*args, **kwargs)


class RequestLogMiddleware:
    """One line per request; first in the chain so it also times the others."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _SAFE_ID.match(offered) else new_request_id()
        token = _request_id.set(request_id)
        request.request_id = request_id
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            match = getattr(request, "resolver_match", None)
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    # The route pattern, not the path: no ids of people in logs.
                    "route": match.route if match else None,
                    "view": match.view_name if match else None,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": getattr(getattr(request, "user", None), "pk", None),
                },
            )
            return response
        finally:
            _request_id.reset(token)
