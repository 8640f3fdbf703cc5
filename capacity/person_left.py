"""When a person dies or moves out of the region, their open residence
applications are withdrawn (registered on `municipalities.hooks.person_left`),
each withdrawn with the reason's category and a note saying when, and
the residence is told. Nothing is deleted."""

from __future__ import annotations

from django.utils.translation import gettext as _

from bops import mail
from capacity.choices import ApplicationCloseReason
from capacity.models import Application
from referrals import notifications
from referrals.person_left import note_for

CLOSE_REASON = {
    "deceased": ApplicationCloseReason.DECEASED,
    "moved": ApplicationCloseReason.MOVED,
}


def close_open_applications(person, *, reason: str, on, by=None) -> int:
    """Withdraw every open application of `person`; returns how many."""
    closed = 0
    applications = Application.objects.filter(
        service_user=person, status__in=Application.OPEN
    ).select_related("residence__organisation")
    for application in applications.order_by("pk"):
        application.withdraw(by=by, reason=CLOSE_REASON[reason], note=note_for(reason, on))
        if notifications.is_muted():
            closed += 1
            continue
        mail.send(
            f"application-{application.pk}-withdrawn",
            _("[BOPS] Application #%(number)s is withdrawn") % {"number": application.pk},
            _(
                "An application for a place was withdrawn by the applying municipality. "
                "Read why in BOPS."
            ),
            notifications.member_addresses(application.residence.organisation),
        )
        closed += 1
    return closed
