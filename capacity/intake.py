"""From admission referral to waiting list: the one path into the queue.

Sending an admission referral to the residence is the application. When the
residence's intake team accepts the referral, `application_from_referral`
(registered on `referrals.hooks.on_accepted` in CapacityConfig.ready) puts
the person on the waiting list in the same transaction, dated the day the
referral was sent: the waiting time starts then. Every other way to make an
application (the API for the intake team, the admin) passes the same rule,
`referral_problem`: an application always rests on an admission referral to
that residence that the residence has accepted.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops.errors import IllegalTransition
from bops.formats import format_date
from capacity.choices import OPEN
from capacity.models import Application, IntakeMeeting, Residence
from capacity.transitions import referral_problem  # noqa: F401 (re-exported)
from referrals.choices import Kind as ReferralKind
from referrals.choices import Status as ReferralStatus
from referrals.models import Referral


def applied_on(referral: Referral):
    """The day the referral was sent: the waiting time starts then."""
    return timezone.localdate(referral.sent_at) if referral.sent_at else timezone.localdate()


def application_from_referral(referral: Referral, *, by) -> dict | None:
    """On acceptance of an admission referral to a residence, its application
    on the waiting list. Returns {"application": id} for the API's answer."""
    if referral.kind != ReferralKind.ADMISSION:
        return None
    residence = Residence.objects.filter(organisation_id=referral.receiver_id).first()
    if residence is None:
        return None
    if Application.objects.filter(
        service_user_id=referral.service_user_id, residence=residence, status__in=OPEN
    ).exists():
        raise IllegalTransition(
            _("This person already has an open application to this residence."),
            code="already_applied",
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                residence=residence,
                service_user_id=referral.service_user_id,
                applying_municipality_id=(
                    referral.sender.municipality_id or referral.service_user.home_municipality_id
                ),
                referral=referral,
                applied_on=applied_on(referral),
            )
    except IntegrityError as exc:
        raise IllegalTransition(
            _("This person already has an open application to this residence."),
            code="already_applied",
        ) from exc
    application.record_applied(by=by, note=str(_("The residence accepted the referral.")))
    return {"application": application.pk}


def awaiting_decision(residence: Residence):
    """Admission referrals to the residence that wait for the intake team."""
    return (
        Referral.objects.filter(
            receiver_id=residence.organisation_id,
            kind=ReferralKind.ADMISSION,
            status__in=(ReferralStatus.SENT, ReferralStatus.RECEIVED),
        )
        .select_related("service_user", "sender", "paying_municipality")
        .order_by("sent_at", "pk")
    )


def record_meeting(residence: Residence, *, by, minutes: str, decisions: list[dict]):
    """The intake meeting in one transaction: the minutes, and for each
    referral decided on either the waiting list with a priority and its
    reason (accept), or not (reject with a reason and advice to the sender).
    Any refusal undoes the whole meeting, so nothing is half-recorded."""
    with transaction.atomic():
        meeting = IntakeMeeting.objects.create(residence=residence, by=by, minutes=minutes)
        note = str(_("Intake meeting %(day)s.") % {"day": format_date(meeting.held_at)})
        for decision in decisions:
            referral = decision["referral"]
            if referral.status == ReferralStatus.SENT:
                referral.receive(by=by, note=note)
            if decision["decision"] == ACCEPT:
                referral.accept(by=by, note=note)
                application = Application.objects.get(pk=referral.answers["application"])
                application.set_priority(
                    by=by, priority=decision["priority"], reason=decision["reason"]
                )
            else:
                referral.reject(
                    by=by,
                    reason=decision["rejection_reason"],
                    advice=decision["advice"],
                    note=note,
                )
    return meeting


ACCEPT, REJECT = "accept", "reject"
