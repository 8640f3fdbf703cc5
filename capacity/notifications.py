"""Mail about applications to the coordinator's service: an offer is made,
it runs out in two working days, it ran out, the person was admitted.

Like the referral mails (referrals/notifications.py): no personal data (the
application's number, the residence, the place code and dates only) and an
absolute link to BOPS; sent when the transaction commits, so a rolled-back
change sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from bops import mail
from bops.formats import format_date
from referrals.notifications import sender_addresses

_muted: ContextVar[bool] = ContextVar("capacity_notifications_muted", default=False)

#: Working days before an offer's last day that the reminder goes out.
REMIND_DAYS = 2


@contextmanager
def muted() -> Iterator[None]:
    """No mail inside the block (demo data)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def link(application) -> str:
    return settings.SITE_URL + reverse("capacity:application", args=[application.pk])


def _send(application, event: str, subject: str, lines: list[str]) -> None:
    """Queue one mail through the sent-once task (bops/mail.py). The key names
    the application, the event and the offer's last day, so a retried or
    repeated run never mails the same thing twice, while a new offer does."""
    recipients = sender_addresses(application.referral)
    if _muted.get() or not recipients:
        return
    body = "\n".join(
        [
            _("Application #%(number)s to %(residence)s")
            % {"number": application.pk, "residence": application.residence.name},
            *lines,
            "",
            _("Open BOPS to read and answer it: %(link)s") % {"link": link(application)},
        ]
    )
    key = f"application-{application.pk}-{event}-{application.offer_valid_until or ''}"
    mail.send(key, f"[BOPS] {subject}", body, recipients)


def _offer_line(application) -> str:
    return _("Place %(code)s is offered until %(day)s.") % {
        "code": application.offered_place.code,
        "day": format_date(application.offer_valid_until),
    }


def offer_made(application) -> None:
    _send(
        application,
        "offer",
        _("Application #%(number)s: a place is offered") % {"number": application.pk},
        [_offer_line(application), _("Answer the offer on the person's behalf in BOPS.")],
    )


def offer_expires_soon(application) -> None:
    _send(
        application,
        "offer-reminder",
        _("Application #%(number)s: the offer runs out soon") % {"number": application.pk},
        [_offer_line(application), _("The offer has not been answered yet.")],
    )


def offer_expired(application) -> None:
    _send(
        application,
        "offer-expired",
        _("Application #%(number)s: the offer ran out") % {"number": application.pk},
        [_("The offer was not answered in time.")],
    )


def admitted(application) -> None:
    _send(
        application,
        "admitted",
        _("Application #%(number)s: admitted") % {"number": application.pk},
        [
            _("Moves in to place %(code)s on %(day)s.")
            % {"code": application.stay.place.code, "day": format_date(application.admitted_on)}
        ],
    )
