"""A two-year-old in family A with two caregivers, and drafts of a formulation to write for her."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from nestling.families.models import Child, Relationship, RiskFactor
from nestling.formulation.services import (
    DiagnosisDraft,
    FormulationDraft,
    RelationshipDraft,
    StressorDraft,
)
from nestling.workforce.models import StaffProfile
from tests.factories.families import ChildFactory, RelationshipFactory, RiskFactorFactory

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
BORN = TODAY - 2 * 366 * DAY  # a little over two years old


@dataclass
class Toddler:
    child: Child
    mother: Relationship
    father: Relationship
    housing: RiskFactor
    substance: RiskFactor  # sensitive


@pytest.fixture
def toddler(world) -> Toddler:
    family = world.family_a
    child = ChildFactory(family=family, given_name="Iris", date_of_birth=BORN)
    mother = RelationshipFactory(family=family, child=child)
    father = RelationshipFactory(family=family, child=child, kind="biological_father", is_primary=False)
    housing = RiskFactorFactory(
        family=family, description="Moved three times this year", group="stressful_circumstances"
    )
    substance = RiskFactorFactory(
        family=family,
        description="Father's alcohol use",
        group="caregiver_mental_health",
        sensitive_category="substance_use",
    )
    return Toddler(child, mother, father, housing, substance)


@pytest.fixture
def diagnoser(world) -> StaffProfile:
    """The practitioner's discipline may diagnose."""
    return StaffProfile.objects.create(organization=world.org, user=world.practitioner, may_diagnose=True)


def draft(t: Toddler, **changes) -> FormulationDraft:
    values = dict(
        formulated_on=TODAY - 30 * DAY,
        occasion="intake",
        narrative="Iris settles with her mother; moves have unsettled the household.",
        diagnoses=[DiagnosisDraft("dx0", "adjustment", "provisional", TODAY - 30 * DAY)],
        relationships=[
            RelationshipDraft("rel-m", t.mother.uuid, 1, "strength", "not_a_concern"),
            RelationshipDraft("rel-f", t.father.uuid, 3, "concern", "concern", "Visits are irregular"),
        ],
        environment_level=2,
        coparenting="concern",
        stressors=[StressorDraft("st0", "housing", "", 14, "a year", "moderate", t.housing.uuid)],
        competence={"emotional": "emerging", "language": "age_appropriate"},
        overall_impression="On track but for emotional regulation.",
    )
    values.update(changes)
    return FormulationDraft(**values)
