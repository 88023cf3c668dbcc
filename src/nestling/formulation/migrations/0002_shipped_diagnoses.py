"""The shipped Axis I list and ICD-10 crosswalk (formulation/data/axis_one.csv; see formulation.shipped)."""

from django.db import migrations

from nestling.formulation.shipped import ship


def forward(apps, schema_editor):
    ship(apps.get_model("formulation", "Diagnosis"))


def backward(apps, schema_editor):
    apps.get_model("formulation", "Diagnosis").objects.filter(organization__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("formulation", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
