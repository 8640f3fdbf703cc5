"""The residence's panels on the dashboards at `/` (see dashboards/sections.py).

Names shown on a dashboard are listed under `shown_people` so the home view
writes them to the access log (one row per person).
"""

from __future__ import annotations

import datetime

from django.http import Http404
from django.utils import timezone

from capacity import pages
from capacity.charts import occupancy_chart
from capacity.choices import ApplicationAction
from capacity.occupancy import occupancy
from capacity.querysets import is_residence_staff

WAITING_ON_DASHBOARD = 10


def residence_lead_context(user) -> dict:
    """Occupancy today, 90 days of occupancy, the place board, the waiting
    list and what to decide now, for the residence the user works in."""
    try:
        residence = pages.residence_for(user)
    except Http404:
        return {"residence": None}
    today = timezone.localdate()
    staff = is_residence_staff(user, residence)
    days = occupancy(residence, today - datetime.timedelta(days=pages.CHART_DAYS - 1), today)
    board = pages.place_board(residence, today) if staff else []
    waiting = list(pages.waiting_list(user, residence, today))
    occupied = days[-1].occupied
    active = days[-1].active_places
    free = max(0, active - occupied)
    shown = [row.stay.service_user for row in board if row.stay]
    shown += [a.service_user for a in waiting]
    return {
        "residence": residence,
        "residence_today": days[-1],
        "residence_free": free,
        "residence_chart": occupancy_chart(days),
        "residence_board": board,
        "residence_waiting": waiting[:WAITING_ON_DASHBOARD],
        "residence_waiting_count": len(waiting),
        "residence_to_decide": pages.to_decide(waiting, free),
        "residence_can_act": pages.staff_may_act(user, residence),
        "shown_people": shown,
    }


def coordinator_applications_context(user) -> dict:
    """My municipality's applications: open ones with their place in the whole
    queue, days waited and expected wait, an offer to answer, and those
    admitted lately."""
    rows = pages.coordinator_applications(user)
    for application in rows:
        application.answerable = application.may(user, ApplicationAction.ACCEPT_OFFER)
    return {"coordinator_applications": rows, "shown_people": [a.service_user for a in rows]}
