"""The dashboard panel of those responsible for agreements: reviews due
within 60 days and agreements out of date."""

from __future__ import annotations

import datetime

from django.db.models import Q

from catalogue.models import Agreement


def agreements_review_context(user) -> dict:
    """The agreements this user answers for that need a review now: one
    query, once per request however many dashboard sections ask."""
    cached = getattr(user, "_bops_agreements_review", None)
    if cached is not None:
        return dict(cached)
    today = datetime.date.today()
    mine = Agreement.objects.for_user(user).responsible_for(user)
    due = mine.due_for_review(today).values("pk")
    old = mine.out_of_date(today).values("pk")
    rows = list(
        Agreement.objects.filter(Q(pk__in=due) | Q(pk__in=old)).order_by("next_review", "title")
    )
    cached = {
        "agreements_due": [a for a in rows if a.is_due_for_review(today)],
        "agreements_out_of_date": [a for a in rows if a.is_out_of_date(today)],
        "today": today,
    }
    user._bops_agreements_review = cached
    return dict(cached)


def agreements_review_panel(section: str):
    """The panel function for one dashboard section (a function of its own
    per section: a hook keeps one entry per function)."""

    def panel(user) -> dict:
        return agreements_review_context(user)

    panel.__name__ = f"agreements_review_{section}"
    return panel
