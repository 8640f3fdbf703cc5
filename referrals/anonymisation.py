"""What stops a person's anonymisation on the referrals' side (registered in
ReferralsConfig.ready() with `municipalities.hooks.anonymisation_blockers`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from referrals.choices import Status
from referrals.models import Referral


def open_referrals(person) -> list[str]:
    """A referral sent and not yet completed, rejected or withdrawn is work
    going on with another party. A draft was never sent: it does not stop
    the anonymisation (its text is cleared with the rest)."""
    referrals = Referral.objects.filter(service_user=person).open()
    if referrals.exclude(status=Status.DRAFT).exists():
        return [_("A referral for the person is still open.")]
    return []
