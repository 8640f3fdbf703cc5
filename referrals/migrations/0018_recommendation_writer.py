"""The unit that wrote a recommendation, on the item itself (`writer`): the
sender of a return, the receiver of any other referral. Filled for every
existing item from its referral, then required, with the index that makes
"my unit's items unanswered after 14 days" one range scan."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Case, F, OuterRef, Subquery, When

RETURN = "return"


def fill_writer(apps, schema_editor):
    Recommendation = apps.get_model("referrals", "Recommendation")
    Referral = apps.get_model("referrals", "Referral")
    writer = Referral.objects.filter(pk=OuterRef("referral_id")).values(
        unit=Case(When(kind=RETURN, then=F("sender_id")), default=F("receiver_id"))
    )[:1]
    Recommendation.objects.filter(writer__isnull=True).update(writer_id=Subquery(writer))


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0013_keyset_indexes_for_the_api"),
        ("referrals", "0017_recommendation_history_and_redaction"),
    ]

    operations = [
        migrations.AddField(
            model_name="recommendation",
            name="writer",
            field=models.ForeignKey(
                null=True,
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="municipalities.organisation",
                verbose_name="written by",
            ),
        ),
        migrations.RunPython(fill_writer, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="recommendation",
            name="writer",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="municipalities.organisation",
                verbose_name="written by",
            ),
        ),
        migrations.AddIndex(
            model_name="recommendation",
            index=models.Index(
                fields=["writer", "status", "created_at"], name="rec_writer_status_created_idx"
            ),
        ),
    ]
