"""Existing referrals: attach the assessments that existed when they were sent.

Until now a receiving unit saw every assessment of the person. From this
release it sees only the assessments the sender chose to send with the
referral. For referrals already sent there was no choice, so we attach what
the receiver could have relied on then: every assessment of the person
dated on or before the day the referral was sent (in Norwegian time).
Nothing a clinician read when deciding disappears silently, and nothing
recorded after sending is added: assessments made later reach the unit only
if a new referral sends them.

Drafts get none: they were never sent, and the sender chooses when sending.
Only assessments dated after sending are lost to the receiver, which is the
point of the change.

One INSERT ... SELECT (it scales to the national data set); reversing
removes every attachment, as before this field existed.
"""

from django.conf import settings
from django.db import migrations

ATTACH = """
INSERT INTO referrals_referral_assessments (referral_id, assessment_id)
SELECT r.id, a.id
FROM referrals_referral r
JOIN municipalities_assessment a ON a.service_user_id = r.service_user_id
WHERE r.sent_at IS NOT NULL AND r.status <> 'draft' AND a.assessed_on <= {sent_day}
"""


def attach_assessments_of_the_day_sent(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        sent_day = "(r.sent_at AT TIME ZONE %s)::date"
        params = [settings.TIME_ZONE]
    else:
        sent_day = "date(r.sent_at)"
        params = []
    with connection.cursor() as cursor:
        cursor.execute(ATTACH.format(sent_day=sent_day), params)


def detach_all(apps, schema_editor):
    apps.get_model("referrals", "Referral").assessments.through.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0010_keyset_indexes"),
        ("referrals", "0013_assessments_sent_with_referral"),
    ]

    operations = [
        migrations.RunPython(attach_assessments_of_the_day_sent, detach_all),
    ]
