"""The people and records inside each demo family, in six realistic shapes that repeat:

0 a pregnant caregiver enrolled before the birth      3 a foster placement (with child-protection history)
1 a newborn at home                                   4 two caregivers and a preschooler
2 a toddler born preterm (corrected age applies)      5 a teen parent with an infant

Rows go in through `fast_insert` in chunks, so `nestling demo --families 100000` stays quick.
Invented data only.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db.models import Model

from nestling.demo.fast_insert import Table, reset_sequences
from nestling.demo.names import GIVEN_NAMES, SURNAMES
from nestling.families.models import (
    Caregiver,
    Child,
    Consent,
    ConsentKind,
    Enrollment,
    HouseholdMembership,
    Relationship,
    RelationshipKind,
    RiskFactor,
    ServiceLevelChange,
    Subject,
)

CHUNK = 5000
SHAPES = 6
LANGUAGES = [("English", "English", False), ("Spanish, English", "Spanish", True), ("Somali", "Somali", True)]
MODELS = [
    Caregiver,
    Child,
    Relationship,
    HouseholdMembership,
    Enrollment,
    ServiceLevelChange,
    Consent,
    RiskFactor,
    Subject,
]
CASEWORKER = "Child welfare caseworker (synthetic)"


def family_language(index: int) -> tuple[str, str, bool]:
    """Languages at home, preferred language, interpreter needed: mostly English, some not."""
    return LANGUAGES[0] if index % 4 else LANGUAGES[1 + (index // 4) % 2]


class _Builder:
    def __init__(self, *, org_id: int, staff_id: int, seed: int, today: date) -> None:
        self.tables = {model: Table(model) for model in MODELS}
        self.org_id, self.staff_id, self.today = org_id, staff_id, today
        self.rng = random.Random(seed)

    def add(self, model: type[Model], **values: Any) -> dict[str, Any]:
        return self.tables[model].row(organization_id=self.org_id, **values)

    def flush(self) -> int:
        return sum(table.flush() for table in self.tables.values())

    def subject(self, row: dict[str, Any], kind: str, family_id: int) -> None:
        """Each caregiver, child and relationship is a subject, with the same id."""
        self.add(Subject, uuid=row["uuid"], family_id=family_id, kind=kind, **{f"{kind}_id": row["id"]})

    def _given(self) -> str:
        return GIVEN_NAMES[self.rng.randrange(len(GIVEN_NAMES))]

    def _born(self, years: int) -> date:
        return self.today - timedelta(days=years * 365 + self.rng.randrange(300))

    def family(self, *, index: int, family_id: int, program_id: int) -> None:
        rng, today = self.rng, self.today
        surname = SURNAMES[index % len(SURNAMES)]
        shape = index % SHAPES
        at_home_since = today - timedelta(days=400)

        def carer(age: int, *, due: date | None = None, name: str = surname) -> dict[str, Any]:
            row = self.add(
                Caregiver,
                family_id=family_id,
                given_name=self._given(),
                family_name=name,
                date_of_birth=self._born(age),
                phone=f"555-01{index % 100:02d}",
                pregnancy_due_date=due,
            )
            self.add(
                HouseholdMembership, family_id=family_id, caregiver_id=row["id"], starts_on=at_home_since
            )
            self.subject(row, "caregiver", family_id)
            return row

        def child(**values: Any) -> dict[str, Any]:
            values.setdefault("given_name", self._given())
            row = self.add(Child, family_id=family_id, family_name=surname, **values)
            born = values.get("date_of_birth")
            self.add(HouseholdMembership, family_id=family_id, child_id=row["id"], starts_on=born or today)
            self.subject(row, "child", family_id)
            return row

        def pair(
            carer_row: dict[str, Any], child_row: dict[str, Any], kind: str, primary: bool, custody: str
        ) -> None:
            row = self.add(
                Relationship,
                family_id=family_id,
                caregiver_id=carer_row["id"],
                child_id=child_row["id"],
                kind=kind,
                is_primary=primary,
                legal_custody=custody,
                since=child_row.get("date_of_birth"),
            )
            self.subject(row, "relationship", family_id)

        def factor(description: str, group: str, **values: Any) -> None:
            self.add(
                RiskFactor,
                family_id=family_id,
                description=description,
                group=group,
                noted_on=enrolled,
                **{"kind": "risk", "source": "caregiver", "status": "present", **values},
            )

        enrolled = today - timedelta(days=rng.randrange(14, 200))
        level, source = "prevention", "pediatric"
        consent_by: dict[str, Any] | None = None
        if shape == 0:
            due = today + timedelta(days=rng.randrange(40, 180))
            mother = consent_by = carer(26, due=due)
            pair(mother, child(given_name="", due_date=due), RelationshipKind.BIOLOGICAL_MOTHER, True, "sole")
            level, source = "promotion", "prenatal"
            enrolled = today - timedelta(days=rng.randrange(7, 30))
        elif shape == 1:
            mother = consent_by = carer(29)
            baby = child(
                date_of_birth=today - timedelta(days=rng.randrange(7, 50)),
                sex="female",
                gestation_weeks=39,
                gestation_days=rng.randrange(7),
                birth_weight_grams=3000 + rng.randrange(600),
            )
            pair(mother, baby, RelationshipKind.BIOLOGICAL_MOTHER, True, "sole")
            level, source = "promotion", "prenatal"
        elif shape == 2:
            mother = consent_by = carer(31)
            weeks = 28 + rng.randrange(6)
            toddler = child(
                date_of_birth=today - timedelta(days=rng.randrange(330, 600)),
                sex="male",
                gestation_weeks=weeks,
                gestation_days=rng.randrange(7),
                birth_weight_grams=900 + (weeks - 28) * 250,
            )
            pair(mother, toddler, RelationshipKind.BIOLOGICAL_MOTHER, True, "joint")
            factor("Born preterm; NICU stay", "biological", child_id=toddler["id"], source="records")
            level, source = "intervention", "early_intervention"
        elif shape == 3:
            foster = carer(48, name=SURNAMES[(index + 7) % len(SURNAMES)])
            little = child(date_of_birth=today - timedelta(days=rng.randrange(400, 1000)), sex="female")
            pair(foster, little, RelationshipKind.FOSTER, True, "none")
            factor(
                "Removed from birth home after a neglect finding",
                "stressful_circumstances",
                child_id=little["id"],
                sensitive_category="child_protection",
                source="records",
            )
            factor(
                "Foster parent attuned and consistent at visits",
                "relationships",
                kind="protective",
                source="observation",
            )
            self.add(
                Consent,
                family_id=family_id,
                kind=ConsentKind.DATA_SHARING,
                given_by_other=CASEWORKER,
                given_on=enrolled,
                recipient="County child welfare agency",
                purpose="Coordinate the placement plan",
                expires_on=enrolled + timedelta(days=365),
            )
            level, source = "intervention", "child_welfare"
        elif shape == 4:
            mother = consent_by = carer(33)
            father = carer(35)
            kid = child(date_of_birth=today - timedelta(days=rng.randrange(800, 1500)), sex="male")
            pair(mother, kid, RelationshipKind.BIOLOGICAL_MOTHER, True, "joint")
            pair(father, kid, RelationshipKind.BIOLOGICAL_FATHER, False, "joint")
            factor("Strong extended family support", "relationships", kind="protective", source="observation")
            factor("Job loss; worried about rent", "stressful_circumstances")
        else:
            mother = consent_by = carer(17)
            infant = child(
                date_of_birth=today - timedelta(days=rng.randrange(90, 300)),
                sex="female",
                gestation_weeks=38,
                gestation_days=2,
                birth_weight_grams=2900,
            )
            pair(mother, infant, RelationshipKind.BIOLOGICAL_MOTHER, True, "sole")
            factor(
                "Low mood since the birth (EPDS raised)",
                "caregiver_mental_health",
                caregiver_id=mother["id"],
                status="suspected",
                source="screening",
            )
            if index % 12 == 5:
                factor(
                    "Cannabis use, in treatment",
                    "caregiver_mental_health",
                    caregiver_id=mother["id"],
                    sensitive_category="substance_use",
                )
                self.add(
                    Consent,
                    family_id=family_id,
                    kind=ConsentKind.PART2,
                    given_by_id=mother["id"],
                    given_on=enrolled,
                    discloser="Riverbend outpatient treatment program (synthetic)",
                    information="Attendance and treatment progress",
                    recipient="Healthy Beginnings home visitor",
                    purpose="Coordinate care for mother and baby",
                    expiry_event="End of home-visiting services",
                    right_to_revoke_explained=True,
                    signed=True,
                )
        self.add(
            Consent,
            family_id=family_id,
            kind=ConsentKind.SERVICES,
            given_on=enrolled,
            given_by_id=consent_by["id"] if consent_by is not None else None,
            given_by_other="" if consent_by is not None else CASEWORKER,
        )
        episode = self.add(
            Enrollment,
            family_id=family_id,
            program_id=program_id,
            enrolled_on=enrolled,
            referral_source=source,
            service_level=level,
        )
        self.add(
            ServiceLevelChange,
            enrollment_id=episode["id"],
            level=level,
            changed_on=enrolled,
            changed_by_id=self.staff_id,
        )


def build_family_records(
    *, org_id: int, families: list[tuple[int, int]], staff_id: int, seed: int, today: date
) -> int:
    """Fill each (family id, program id) with people and records; returns how many rows were written."""
    builder = _Builder(org_id=org_id, staff_id=staff_id, seed=seed, today=today)
    rows = 0
    for start in range(0, len(families), CHUNK):
        for offset, (family_id, program_id) in enumerate(families[start : start + CHUNK]):
            builder.family(index=start + offset, family_id=family_id, program_id=program_id)
        rows += builder.flush()
    reset_sequences(MODELS)
    return rows
