"""A formulated child: a toddler on Pat's caseload formulated at intake six weeks ago and revised at a
review last week, both versions kept, so the comparison has something to show. Made through the
formulation services a practitioner uses. Invented data; one child, so the bulk demo stays fast."""

from __future__ import annotations

from datetime import date, timedelta

from nestling.accounts.models import User
from nestling.families.age import completed_months
from nestling.families.models import Child, Family, Relationship
from nestling.formulation.models import Formulation
from nestling.formulation.services import (
    DiagnosisDraft,
    FormulationDraft,
    RelationshipDraft,
    StressorDraft,
    formulation_create,
    formulation_revise,
)

INTAKE_NARRATIVE = (
    "A lively toddler who has had a hard year: two moves and a new baby brother. Bedtimes end in long "
    "crying; with her mother she settles, with her father's irregular visits she is wary. Strengths: her "
    "mother reads her cues, and the grandmother helps."
)
REVIEW_NARRATIVE = (
    "Five weeks on, bedtimes are shorter and the father now visits every Saturday. She seeks him out at "
    "the door. The family has a stable flat since last month."
)


def _toddler(families: list[Family], today: date) -> tuple[Child, list[Relationship]] | None:
    """The first child between one and four with a relationship recorded, in these families."""
    for family in families:
        for child in Child.objects.filter(family=family, date_of_birth__isnull=False).order_by("pk"):
            assert child.date_of_birth is not None
            months = completed_months(child.date_of_birth, today)
            relationships = list(Relationship.objects.filter(child=child).order_by("pk"))
            if 12 <= months < 48 and relationships and not Formulation.objects.filter(child=child).exists():
                return child, relationships
    return None


def add_formulation(*, families: list[Family], practitioner: User, today: date) -> Child | None:
    """Formulate one toddler of `families` at intake and revise it at a review (two versions)."""
    found = _toddler(families, today)
    if found is None:
        return None
    child, relationships = found
    assert child.date_of_birth is not None
    intake = today - timedelta(days=42)
    onset = max(completed_months(child.date_of_birth, intake) - 8, 0)
    first, *others = relationships

    def draft(on: date, *, occasion: str, levels: tuple[int, int], narrative: str) -> FormulationDraft:
        rated = [RelationshipDraft("rel-0", first.uuid, levels[0], "strength", "not_a_concern")]
        rated += [
            RelationshipDraft(f"rel-{i}", r.uuid, levels[1], "concern", "concern")
            for i, r in enumerate(others, 1)
        ]
        return FormulationDraft(
            formulated_on=on,
            occasion=occasion,
            narrative=narrative,
            diagnoses=[DiagnosisDraft("dx0", "night_waking", "provisional", intake)],
            relationships=rated,
            environment_level=2 if occasion == "intake" else 1,
            coparenting="concern" if occasion == "intake" else "not_a_concern",
            siblings="not_a_concern",
            family_network="strength",
            stressors=[
                StressorDraft("st0", "housing", "Two moves in a year", onset, "eight months", "moderate"),
                StressorDraft("st1", "family", "Birth of a sibling", max(onset - 1, 0), "", "mild"),
            ],
            competence={
                "emotional": "emerging",
                "social_relational": "age_appropriate",
                "language": "age_appropriate",
                "cognitive": "age_appropriate",
                "movement": "age_appropriate",
            },
            overall_impression="Developing well; emotional regulation is the edge of her growth.",
        )

    formulation_create(
        child=child,
        by=practitioner,
        draft=draft(intake, occasion="intake", levels=(1, 3), narrative=INTAKE_NARRATIVE),
    )
    formulation = Formulation.objects.get(child=child)
    formulation_revise(
        formulation=formulation,
        by=practitioner,
        version=formulation.version,
        draft=draft(today - timedelta(days=7), occasion="review", levels=(1, 2), narrative=REVIEW_NARRATIVE),
    )
    return child
