"""Every axis row carries its version's organization (docs/scaling.md: every clinical table can be read,
and one day sharded, by organization without a join)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

AXIS_MODELS = ("axisonediagnosis", "axistworelationship", "axisthreecondition", "axisfourstressor")


def copy_organization(apps, schema_editor):
    version = apps.get_model("formulation", "FormulationVersion")
    for name in AXIS_MODELS:
        model = apps.get_model("formulation", name)
        model.objects.update(
            organization_id=Subquery(
                version.objects.filter(pk=OuterRef("version_id")).values("organization_id")[:1]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("formulation", "0002_shipped_diagnoses"),
        ("organizations", "0001_initial"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=name,
                name="organization",
                field=models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="organizations.organization",
                ),
            )
            for name in AXIS_MODELS
        ),
        migrations.RunPython(copy_organization, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=name,
                name="organization",
                field=models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="organizations.organization",
                ),
            )
            for name in AXIS_MODELS
        ),
    ]
