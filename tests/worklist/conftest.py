"""Households with something to do, for the worklist and week tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from nestling.families.models import Caregiver, Child, Family
from nestling.screening.models import SafetyAlert, ScreeningResult
from nestling.tasks.models import Task
from nestling.visits.models import Visit
from tests.factories.families import (
    CaregiverFactory,
    CaseloadAssignmentFactory,
    ChildFactory,
    EnrollmentFactory,
    FamilyFactory,
    RelationshipFactory,
)
from tests.factories.screening import FollowUpTaskFactory, SafetyAlertFactory, ScreeningResultFactory
from tests.factories.worklist import VisitFactory


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@dataclass
class Busy:
    family: Family
    mother: Caregiver
    baby: Child
    result: ScreeningResult
    alert: SafetyAlert
    task: Task
    undocumented: Visit
    next_visit: Visit


def busy_family(program, practitioner, name: str = "") -> Busy:
    """A household on the practitioner's caseload with one of every item: a PHQ-9 overdue (enrolled 60
    days ago, never given), an open safety alert, a follow-up task overdue, a visit done three days ago
    with no note, and a visit next week."""
    family = FamilyFactory(program=program, **({"name": name} if name else {}))
    CaseloadAssignmentFactory(family=family, practitioner=practitioner)
    EnrollmentFactory(family=family, enrolled_on=days(-60))
    mother = CaregiverFactory(family=family, given_name="Marisol", family_name="Quill")
    baby = ChildFactory(family=family, given_name="Wren", family_name="Quill", date_of_birth=days(-40))
    RelationshipFactory(family=family, caregiver=mother, child=baby)
    # Given last year, so this year's PHQ-9 is still overdue; it raised the alert and the follow-up.
    result = ScreeningResultFactory(
        family=family, caregiver=mother, administered_by=practitioner, administered_on=days(-70)
    )
    return Busy(
        family=family,
        mother=mother,
        baby=baby,
        result=result,
        alert=SafetyAlertFactory(result=result),
        task=FollowUpTaskFactory(result=result, due_on=days(-2)),
        undocumented=VisitFactory(
            family=family, practitioner=practitioner, visit_on=days(-3), status="completed"
        ),
        next_visit=VisitFactory(family=family, practitioner=practitioner, visit_on=days(6)),
    )


@pytest.fixture
def make_busy(world):
    def make(practitioner=None, name: str = "") -> Busy:
        return busy_family(world.program, practitioner or world.practitioner, name)

    return make
