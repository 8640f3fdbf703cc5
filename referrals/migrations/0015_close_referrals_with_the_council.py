"""Referrals addressed to (or sent by) the regional council before the council
was refused as a party are closed.

The council reads anonymous reports only; it is never a sender or receiver
(Organisation.objects.referral_parties()). Rows from before that rule may
still name it. What a real service does with them:

- An open referral (draft up to started) is *withdrawn*, with reason "other"
  and an event in its history saying why (by nobody: the system). It is not
  re-addressed to another unit: choosing who receives a person's health
  data is the sender's decision, made with the person's consent, and a
  migration cannot make it. The sending coordinator sees the referral as
  withdrawn, with the note, and sends a new one to the right unit.
- A closed referral (completed, rejected, withdrawn) keeps its parties: its
  history is a record of what happened and is not rewritten. The council's
  members never see it, because the access rule no longer counts a council
  reader's membership as acting for an organisation
  (bops.access.organisation_ids).

Forward only: the withdrawal is history and is not undone.
"""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

COUNCIL = "council"
OPEN = ("draft", "sent", "received", "info_requested", "accepted", "started")
NOTE = (
    "Trekt attende av systemet: regionrådet tek ikkje imot eller sender tilvisingar "
    "(berre anonyme rapportar). Send ei ny tilvising til rett eining."
)


def close_council_referrals(apps, schema_editor=None) -> int:
    """Withdraw every open referral with the council on either side; returns
    how many. Written against the historical models so the test can call it."""
    Referral = apps.get_model("referrals", "Referral")
    ReferralEvent = apps.get_model("referrals", "ReferralEvent")
    now = timezone.now()
    rows = Referral.objects.filter(status__in=OPEN).filter(
        Q(sender__kind=COUNCIL) | Q(receiver__kind=COUNCIL)
    )
    count = 0
    for referral in rows.order_by("pk"):
        ReferralEvent.objects.create(
            referral=referral, at=now, by=None, from_status=referral.status,
            to_status="withdrawn", note=NOTE,
        )  # fmt: skip
        Referral.objects.filter(pk=referral.pk).update(
            status="withdrawn",
            withdrawal_reason="other",
            version=referral.version + 1,
            updated_at=now,
        )
        count += 1
    return count


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0014_attach_assessments_to_sent_referrals"),
        ("municipalities", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(close_council_referrals, migrations.RunPython.noop, elidable=False),
    ]
