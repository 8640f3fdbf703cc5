"""The dashboard panel of those responsible for agreements: reviews due
within 60 days and agreements out of date."""

from __future__ import annotations

import datetime

from catalogue.models import Agreement


def agreements_review_context(user) -> dict:
    """The agreements this user answers for that need a review now."""
    today = datetime.date.today()
    mine = Agreement.objects.for_user(user).responsible_for(user).order_by("next_review", "title")
    return {
        "agreements_due": list(mine.due_for_review(today)),
        "agreements_out_of_date": list(mine.out_of_date(today)),
        "today": today,
    }
