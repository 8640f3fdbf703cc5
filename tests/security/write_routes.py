"""Every write route, found by walking the URL resolver, and how the test in
tests/security/test_write_routes.py calls it (its docstring says how).

A write route is one (route, method) pair:
- a DRF viewset action: each of POST/PUT/PATCH/DELETE in its method map;
- a DRF APIView: each of those methods it defines;
- a Django class-based view: POST if it defines `post`, DELETE if `delete`
  (Django's `put` on a form view only calls `post`: the same route);
- an admin ModelAdmin: its add, change and delete pages and its change list
  (where actions run, the bulk delete among them), all POST;
- a function view: as listed in FUNCTION_VIEWS (its methods cannot be seen).

Redirect-only views (RedirectView) write nothing and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import get_resolver
from django.views.generic import RedirectView
from rest_framework.views import APIView

from tests.security.id_routes import Route, walk

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
ADMIN_WRITES = ("add", "change", "delete", "changelist")
ADMIN_READS = ("history", "autocomplete")

# Function views (and the admin site's own views): the methods that write, or
# [] with why they write nothing. A new function view fails the test until
# it is listed here.
FUNCTION_VIEWS: dict[str, list[str] | str] = {
    "home": "the dashboard: reads (and records the visit time of the user's own dashboard)",
    "health-live": "a health probe",
    "health-ready": "a health probe",
    "metrics": "Prometheus metrics, no personal data",
    "set_language": "the user's own language cookie",
    "plans:owner_home": "the plan owner's page: reads",
    "plans:owner_statement": ["POST"],
    "plans:owner_comment": ["POST"],
    "security:enrol": "the user's own second factor",
    "security:verify": "the user's own second factor",
    "reports:council": (
        "starts the council report (aggregates, no personal record) from GET "
        "parameters: tests/reports"
    ),
    "reports:job": "reads a report job",
    "reports:job_pdf": "reads a report PDF",
    "privacy:access_log": "reads the person's access log",
    "privacy:access_log_pdf": (
        "starts (or joins) the job making the person's access log as PDF from a GET: "
        "tests/privacy/test_export_jobs.py"
    ),
    "privacy:export_json": "reads the person's data",
    "privacy:export_pdf": (
        "starts (or joins) the job making the person's data as PDF from a GET: "
        "tests/privacy/test_export_jobs.py"
    ),
    "privacy:export_job": "reads an export job's progress",
    "privacy:export_job_pdf": "reads an export job's stored PDF",
    "admin:index": "reads",
    "admin:app_list": "reads",
    "admin:jsi18n": "reads",
    "admin:autocomplete": "reads (the related admin's scoped queryset)",
    "admin:view_on_site": "a redirect (refused: no person has a public page)",
    "admin:login": "the user's own session",
    "admin:logout": "the user's own session",
    "admin:password_change": "the user's own password",
    "admin:password_change_done": "reads",
    "admin:auth_user_password_change": ["POST"],
    "admin:otp_totp_totpdevice_config": "reads; refused to everyone (secrets hidden)",
    "admin:otp_totp_totpdevice_qrcode": "reads; refused to everyone (secrets hidden)",
}

# Writes on the user's own account or session, not on a record: no outsider
# or read-only member can be told apart from the insider. Tested elsewhere.
OWN_ACCOUNT: dict[str, str] = {
    "login POST": "signs in: tests/bops/test_lockout.py",
    "logout POST": "signs out",
    "password_change POST": "the user's own password: tests/bops/test_tokens.py",
    "password_reset POST": "mails a reset link, the same answer for any address",
    "password_reset_confirm POST": "a one-time token decides",
    "api-token POST": "signs in for a token: tests/municipalities/test_api_auth.py",
    "api-token-list DELETE": "revokes the user's own tokens",
    "api-logout POST": "revokes the token used",
    "security:tokens POST": "revokes the user's own token",
}


@dataclass(frozen=True)
class WriteRoute:
    route: Route
    method: str

    @property
    def key(self) -> str:
        return f"{self.route.key} {self.method}"


def _admin_suffix(route: Route) -> str | None:
    model_admin = getattr(route.callback, "model_admin", None)
    if model_admin is None or not route.name:
        return None
    opts = model_admin.model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}_"
    return route.name[len(prefix) :] if route.name.startswith(prefix) else None


def methods_of(route: Route) -> list[str] | None:
    """The write methods of a route; None when they cannot be known (a
    function view missing from FUNCTION_VIEWS)."""
    callback = route.callback
    actions = getattr(callback, "actions", None)
    if actions:
        allowed = getattr(getattr(callback, "cls", None), "http_method_names", WRITE_METHODS)
        return [
            m.upper()
            for m in actions
            if m.upper() in WRITE_METHODS and m.lower() in [a.lower() for a in allowed]
        ]
    suffix = _admin_suffix(route)
    if suffix in ADMIN_WRITES:
        return ["POST"]
    if suffix in ADMIN_READS:
        return []
    listed = FUNCTION_VIEWS.get(route.key)
    if listed is not None:
        return listed if isinstance(listed, list) else []
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view is None:
        return None
    if issubclass(view, RedirectView):
        return []
    if issubclass(view, APIView):
        return [m for m in WRITE_METHODS if hasattr(view, m.lower())]
    found = ["POST"] if hasattr(view, "post") else []
    return found + (["DELETE"] if hasattr(view, "delete") else [])


def write_routes(resolver=None) -> tuple[list[WriteRoute], list[str]]:
    """(every write route, the keys of routes whose methods are unknown)."""
    found, unknown = [], []
    for route in walk(resolver or get_resolver()):
        if route.name is None and route.pattern.startswith("admin/"):
            continue  # the admin's bare object URL: a redirect to the change page
        methods = methods_of(route)
        if methods is None:
            unknown.append(route.key)
            continue
        found += [WriteRoute(route, m) for m in methods]
    return found, unknown


def admin_model_label(route: Route) -> str:
    return route.callback.model_admin.model._meta.label_lower


def is_admin_model_route(route: Route) -> bool:
    return _admin_suffix(route) in ADMIN_WRITES


def admin_action(route: Route) -> str:
    return _admin_suffix(route) or ""


API = re.compile(r"^api/")
