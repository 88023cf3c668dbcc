"""The shipped Axis I list and ICD-10 crosswalk, from data/axis_one.csv (its source column says where each
row's code comes from; rows not checked against the published crosswalk ship with verified false)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "axis_one.csv"

SOURCES = {
    "crosswalk": "ZERO TO THREE, Crosswalk from DC:0-5 to DSM-5 and ICD-10 (neurodevelopmental rows)",
    "crosswalk-check": "ZERO TO THREE, Crosswalk from DC:0-5 to DSM-5 and ICD-10 (neurodevelopmental rows)",
    "typical": "A code commonly used; not checked against the published crosswalk",
    "": "No code shipped: add the one your state or payer's crosswalk gives",
}
NOTES = {
    "crosswalk-check": (
        "F90.1 as the crosswalk publishes it; WHO ICD-10 codes disturbance of activity and attention as F90.0, "
        "and ICD-10-CM's F90.1 is the predominantly hyperactive type. Check before use."
    ),
}


def ship(apps, schema_editor):
    Diagnosis = apps.get_model("formulation", "Diagnosis")
    with DATA.open(encoding="utf-8", newline="") as rows:
        Diagnosis.objects.bulk_create(
            Diagnosis(
                organization=None,
                key=row["key"],
                group=row["group"],
                name=row["name"],
                icd10=row["icd10"],
                verified=row["verified"] == "yes",
                source=SOURCES[row["source"]],
                note=NOTES.get(row["source"], ""),
            )
            for row in csv.DictReader(rows)
        )


def unship(apps, schema_editor):
    apps.get_model("formulation", "Diagnosis").objects.filter(organization__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("formulation", "0001_initial")]
    operations = [migrations.RunPython(ship, unship)]
