"""API tokens moved to django-rest-knox (hashed, expiring). The old plain
tokens of rest_framework.authtoken are dropped, not migrated: their keys sit
in the clear, and clients get a new token from /api/v1/auth/token/."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("bops", "0004_sent_mail"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop),
    ]
