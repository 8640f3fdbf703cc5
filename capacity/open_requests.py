"""On admission: the person's other open referrals and applications, and
closing the ones the admitting user may close, with a reason (the admit
page, capacity/stay_views.py).

Only what the user may see is listed (each model's `for_user`), and only
what the user may close is offered: a referral the user's organisation sent
(withdrawn with the reason "sent elsewhere" or "other" and the words), an
application the user may withdraw (withdrawn as "another service meets the
need" with the words). Each closing is the model's own move
with its event; nothing is deleted.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bops.errors import DomainError
from capacity.choices import ApplicationAction, ApplicationCloseReason
from capacity.models import Application
from referrals.choices import OPEN, WithdrawalReason
from referrals.models import Referral


def other_open_requests(user, application) -> tuple[list, list]:
    """(referrals, applications) of the person still open, besides this
    application and its referral, each marked `closable` for `user`."""
    referrals = list(
        Referral.objects.for_user(user)
        .filter(service_user_id=application.service_user_id, status__in=OPEN)
        .exclude(pk=application.referral_id)
        .select_related("receiver")
        .order_by("pk")
    )
    for referral in referrals:
        referral.closable = "withdraw" in referral.allowed_transitions(user)
    applications = list(
        Application.objects.for_user(user)
        .filter(service_user_id=application.service_user_id, status__in=Application.OPEN)
        .exclude(pk=application.pk)
        .select_related("residence", "service_user")
        .order_by("pk")
    )
    for other in applications:
        other.closable = other.may(user, ApplicationAction.WITHDRAW)
    return referrals, applications


def close_requests(user, application, referral_ids, application_ids, reason: str) -> list[str]:
    """Close the chosen ones, each in its own transaction; returns what could
    not be closed, in words (the admission itself is already saved)."""
    referrals, applications = other_open_requests(user, application)
    note = (reason or "").strip() or _("Admitted to %(residence)s.") % {
        "residence": application.residence
    }
    problems = []
    for referral in referrals:
        if str(referral.pk) not in referral_ids or not referral.closable:
            continue
        try:
            with transaction.atomic():
                referral.withdraw(
                    by=user,
                    withdrawal_reason=WithdrawalReason.SENT_ELSEWHERE,
                    note=note,
                    version=referral.version,
                )
        except (ValidationError, DomainError) as error:
            problems.append(f"#{referral.pk}: {getattr(error, 'message', error)}")
    for other in applications:
        if str(other.pk) not in application_ids or not other.closable:
            continue
        try:
            with transaction.atomic():
                other.withdraw(by=user, reason=ApplicationCloseReason.OTHER_SERVICE, note=note)
        except (ValidationError, DomainError) as error:
            problems.append(f"#{other.pk}: {getattr(error, 'message', error)}")
    return problems
