"""Growth histories for a few demo children: a thriving term baby, a preterm baby (seen at corrected age)
and a baby whose weight falters (NICE NG75 flags on the growth page). Invented values; a fixed handful
of rows, so the bulk demo stays as fast as before."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from nestling.accounts.models import User
from nestling.families.models import Child, Family, HouseholdMembership
from nestling.growth.models import Measurement, MeasurementKind, MeasurementPlace
from nestling.growth.services import faltering_task_raise

# (given name, sex, age in days today, gestation weeks+days, birth grams, [(age days, kind, value)])
HISTORIES: list[tuple[str, str, int, tuple[int, int], int, list[tuple[int, str, str]]]] = [
    (
        "Maya",
        "female",
        240,
        (39, 4),
        3300,
        [
            (5, "weight", "3.15"),
            (14, "weight", "3.45"),
            (42, "weight", "4.70"),
            (42, "length", "55.0"),
            (42, "head_circumference", "37.5"),
            (100, "weight", "6.00"),
            (160, "weight", "6.90"),
            (160, "length", "64.5"),
            (230, "weight", "7.70"),
        ],
    ),
    (
        "Theo",
        "male",
        180,
        (30, 3),
        1450,
        [
            (10, "weight", "1.45"),
            (40, "weight", "2.10"),
            (80, "weight", "3.20"),
            (110, "weight", "4.10"),
            (110, "head_circumference", "37.0"),
            (150, "weight", "5.20"),
            (175, "weight", "5.80"),
        ],
    ),
    (
        "Jonah",
        "male",
        150,
        (40, 0),
        3400,
        [
            (4, "weight", "3.20"),
            (14, "weight", "3.60"),
            (42, "weight", "4.70"),
            (70, "weight", "5.20"),
            (100, "weight", "5.45"),
            (140, "weight", "5.60"),
        ],
    ),
]


def add_growth_histories(*, families: list[Family], measured_by: User, today: date) -> int:
    """Give one child with a growth history to each of the first families; returns the rows written."""
    written = 0
    for family, (name, sex, age, (weeks, days), grams, history) in zip(families, HISTORIES, strict=False):
        born = today - timedelta(days=age)
        child = Child.objects.create(
            organization_id=family.organization_id,
            family=family,
            given_name=name,
            family_name=family.name.split("-")[0],
            date_of_birth=born,
            sex=sex,
            gestation_weeks=weeks,
            gestation_days=days,
            birth_weight_grams=grams,
        )
        HouseholdMembership.objects.create(
            organization_id=family.organization_id, family=family, child=child, starts_on=born
        )
        rows = [
            Measurement(
                organization_id=family.organization_id,
                child=child,
                measured_on=born + timedelta(days=at),
                kind=kind,
                value=Decimal(value),
                measured_by=measured_by,
                created_by=measured_by,
                place=MeasurementPlace.CLINIC
                if kind != MeasurementKind.WEIGHT
                else MeasurementPlace.HOME_SCALE,
            )
            for at, kind, value in history
        ]
        Measurement.objects.bulk_create(rows)
        written += len(rows)
        # The latest weight goes through the same check a practitioner's entry does, so a faltering
        # baby has its follow-up task.
        latest_weight = (
            Measurement.objects.filter(child=child, kind=MeasurementKind.WEIGHT)
            .order_by("-measured_on")
            .first()
        )
        if latest_weight is not None:
            faltering_task_raise(child=child, measurement=latest_weight, by=measured_by)
    return written
