"""Who supervises whom moves from workforce to accounts, below access; the table stays as it is."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("organizations", "0001_initial"),
        ("workforce", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Supervision",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("starts_on", models.DateField(verbose_name="starts on")),
                        ("ends_on", models.DateField(blank=True, null=True, verbose_name="ends on")),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="organizations.organization",
                            ),
                        ),
                        (
                            "supervisee",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="supervisor_links",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "supervisor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="supervisees_links",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "workforce_supervision",
                        "indexes": [
                            models.Index(fields=["supervisor", "ends_on"], name="workforce_s_supervi_726c82_idx")
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("supervisor", models.F("supervisee")), _negated=True),
                                name="supervision_not_self",
                            )
                        ],
                    },
                )
            ],
            database_operations=[],
        )
    ]
