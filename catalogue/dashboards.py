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
