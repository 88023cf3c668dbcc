"""The Axis I list and ICD-10 crosswalk that ship with Nestling, read from data/axis_one.csv.

Each row's `source` says where its code comes from: the neurodevelopmental rows from ZERO TO THREE's
published crosswalk, the others names only (or a commonly used code), shipped with `verified` false until
someone checks them against the manual and the crosswalk. Loaded by the data migration, and again after
every migrate or flush (a test database emptied between tests gets them back), adding only missing rows."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "axis_one.csv"

SOURCES = {
    "crosswalk": "ZERO TO THREE, Crosswalk from DC:0-5 to DSM-5 and ICD-10 (neurodevelopmental rows)",
    "crosswalk-check": "ZERO TO THREE, Crosswalk from DC:0-5 to DSM-5 and ICD-10 (neurodevelopmental rows)",
    "typical": "A code commonly used; not checked against the published crosswalk",
    "": "No code shipped: add the one your state's or payer's crosswalk gives",
}
NOTES = {
    "crosswalk-check": (
        "F90.1 as the crosswalk publishes it; WHO ICD-10 codes disturbance of activity and attention as "
        "F90.0, and ICD-10-CM's F90.1 is the predominantly hyperactive type. Check before use."
    ),
}


def shipped_rows() -> list[dict[str, Any]]:
    """The shipped rows as field values."""
    with DATA.open(encoding="utf-8", newline="") as rows:
        return [
            {
                "key": row["key"],
                "group": row["group"],
                "name": row["name"],
                "icd10": row["icd10"],
                "verified": row["verified"] == "yes",
                "source": SOURCES[row["source"]],
                "note": NOTES.get(row["source"], ""),
            }
            for row in csv.DictReader(rows)
        ]


def ship(diagnosis_model: Any) -> int:
    """Add the shipped rows missing from the table (`diagnosis_model`: the model, or a migration's
    historical one); rows already there are left as they are. Returns how many were added."""
    present = set(diagnosis_model.objects.filter(organization__isnull=True).values_list("key", flat=True))
    missing = [
        diagnosis_model(organization=None, **row) for row in shipped_rows() if row["key"] not in present
    ]
    diagnosis_model.objects.bulk_create(missing)
    return len(missing)
