"""Municipalities get a validity period and a successor (the 2020 reform), and
the region's history from Statistics Norway's classification is written where
the region's municipalities exist (municipalities/classification.py)."""

import django.db.models.deletion
from django.db import migrations, models

from municipalities import classification


def write_history(apps, schema_editor):
    classification.apply(apps.get_model("municipalities", "Municipality"), create=False)


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0007_service_user_deceased_moved_out"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="municipality",
            options={
                "ordering": ["name", "number"],
                "verbose_name": "municipality",
                "verbose_name_plural": "municipalities",
            },
        ),
        migrations.AddField(
            model_name="municipality",
            name="valid_from",
            field=models.DateField(
                blank=True,
                help_text="Empty: since before BOPS's history.",
                null=True,
                verbose_name="valid from",
            ),
        ),
        migrations.AddField(
            model_name="municipality",
            name="valid_until",
            field=models.DateField(
                blank=True,
                help_text="The last day the municipality existed with this number. Empty: still valid.",
                null=True,
                verbose_name="valid until",
            ),
        ),
        migrations.AddField(
            model_name="municipality",
            name="successor",
            field=models.ForeignKey(
                blank=True,
                help_text="The municipality it became (merged into or renumbered as).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="predecessors",
                to="municipalities.municipality",
                verbose_name="successor",
            ),
        ),
        migrations.AddConstraint(
            model_name="municipality",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_from__isnull", True),
                    ("valid_until__isnull", True),
                    ("valid_until__gte", models.F("valid_from")),
                    _connector="OR",
                ),
                name="municipalities_municipality_valid_until_after_from",
                violation_error_message="A municipality cannot end before it begins.",
            ),
        ),
        migrations.AddConstraint(
            model_name="municipality",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("successor__isnull", True), ("valid_until__isnull", False), _connector="OR"
                ),
                name="municipalities_municipality_successor_needs_end",
                violation_error_message="Only a municipality that has ended has a successor.",
            ),
        ),
        migrations.RunPython(write_history, migrations.RunPython.noop),
    ]
