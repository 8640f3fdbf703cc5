"""Dashboard panels: what each app shows on the dashboard at `/`.

The dashboards capability (dashboards/) renders one section per role the
user holds; the data of a section comes from the panels registered for that
role. Any app adds its panels in its `AppConfig.ready()`:

    panels.register(coordinator_referrals, section=access.COORDINATOR, order=20)

A panel is a function `(user) -> dict` of template context; it may include
"shown_people", the people (or their ids) it names, for the access log.
Panels of a section run in `order`. The hook lives in the core so that any
domain app can register without importing the dashboards above it.
"""

from __future__ import annotations

from bops.hooks import Hook

panels = Hook("dashboard_panels")


def for_section(section: str) -> list:
    """The panel functions registered for one section, in order."""
    return [function for function, meta in panels.entries() if meta.get("section") == section]
