"""Referrals withdrawn or completed before a reason category was asked for
get "other": their words are the note of the event that closed them, which
stays as it was (events are append-only)."""

from django.db import migrations


def other_for_earlier_rows(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    Referral.objects.filter(status="withdrawn", withdrawal_reason="").update(
        withdrawal_reason="other"
    )
    Referral.objects.filter(status="completed", completion_reason="").update(
        completion_reason="other"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0015_close_referrals_with_the_council"),
    ]

    operations = [
        migrations.RunPython(other_for_earlier_rows, migrations.RunPython.noop),
    ]
