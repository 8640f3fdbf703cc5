"""E-mail about referrals, through the mail task (bops/mail.py: retried, sent
once; console in development, SMTP from the environment in production).

Mails carry no personal data (no name, no identity number): only the
referral number, kind, urgency, status and where to look. They are sent when
the transaction commits, so a rolled-back change sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from bops import mail
from bops.formats import format_date
from referrals.choices import Status

_muted: ContextVar[bool] = ContextVar("referral_notifications_muted", default=False)


@contextmanager
def muted() -> Iterator[None]:
    """No mail inside the block (demo data, bulk imports)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def is_muted() -> bool:
    return _muted.get()


def member_addresses(organisation) -> list[str]:
    """The organisation's shared address and the e-mail of every member who
    may act (read-only members are not asked to do anything)."""
    users = (
        get_user_model()
        .objects.filter(
            memberships__organisation=organisation,
            memberships__read_only=False,
            is_active=True,
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return _unique([organisation.email, *users])


def _unique(addresses: Iterable[str]) -> list[str]:
    return sorted({a for a in addresses if a})


def _describe(referral) -> str:
    lines = [
        _("Referral #%(number)s") % {"number": referral.pk},
        _("Kind: %(kind)s") % {"kind": referral.get_kind_display()},
        _("Urgency: %(urgency)s") % {"urgency": referral.get_urgency_display()},
        _("Status: %(status)s") % {"status": referral.get_status_display()},
        _("From: %(sender)s") % {"sender": referral.sender},
        _("To: %(receiver)s") % {"receiver": referral.receiver},
    ]
    if referral.assessment_deadline:
        lines.append(
            _("Assessment deadline: %(day)s") % {"day": format_date(referral.assessment_deadline)}
        )
    lines.append(_("Open BOPS to read it: %(url)s") % {"url": absolute_url(referral)})
    return "\n".join(lines)


def absolute_url(referral) -> str:
    """A link that works from a mail client: SITE_URL + the referral's page."""
    return settings.SITE_URL + reverse("referrals:referral_detail", args=[referral.pk])


def _mail(referral, subject: str, body: str, recipients: list[str]) -> None:
    if _muted.get() or not recipients:
        return
    # Each transition raises the version: one mail per referral, status and version.
    key = f"referral-{referral.pk}-{referral.status}-v{referral.version}"
    mail.send(key, subject, body, recipients)


def referral_sent(referral) -> None:
    """To the receiving unit's members."""
    _mail(
        referral,
        _("[BOPS] New referral #%(number)s (%(urgency)s)")
        % {"number": referral.pk, "urgency": referral.get_urgency_display()},
        _describe(referral),
        member_addresses(referral.receiver),
    )


def sender_addresses(referral) -> list[str]:
    contact = referral.sender_contact.email if referral.sender_contact_id else ""
    return _unique([contact, *member_addresses(referral.sender)])


def decision_made(referral, event) -> None:
    """To the sender's contact and members: every decision or info request."""
    body = _describe(referral)
    if referral.status == Status.REJECTED:
        # The advice itself stays in BOPS: free text may name the person.
        body += "\n\n" + _("Reason: %(reason)s. Read the advice in BOPS.") % {
            "reason": referral.get_rejection_reason_display(),
        }
    if referral.status == Status.INFO_REQUESTED:
        body += "\n\n" + _("More information is asked for. Answer in BOPS.")
    _mail(
        referral,
        _("[BOPS] Referral #%(number)s: %(status)s")
        % {"number": referral.pk, "status": referral.get_status_display()},
        body,
        sender_addresses(referral),
    )


def info_provided(referral, event) -> None:
    """To the receiving unit: the sender answered."""
    _mail(
        referral,
        _("[BOPS] Referral #%(number)s: information provided") % {"number": referral.pk},
        _describe(referral),
        member_addresses(referral.receiver),
    )


def closed_for_person(referral) -> None:
    """To the receiving unit: a referral it had was closed because the
    person died or moved (why is read in BOPS). Drafts never reached it."""
    if referral.sent_at is None:
        return
    _mail(
        referral,
        _("[BOPS] Referral #%(number)s is closed") % {"number": referral.pk},
        _describe(referral)
        + "\n\n"
        + _("The referral was closed by the sender. Read why in BOPS."),
        member_addresses(referral.receiver),
    )
