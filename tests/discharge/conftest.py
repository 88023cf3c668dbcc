"""A family in care with something of every kind open: a follow-up task, a visit scheduled, a screen due."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from nestling.families.models import Caregiver, Enrollment, Family
from nestling.families.services.discharge import Decision, enrollment_discharge
from nestling.screening.models import ScreeningResult
from nestling.tasks.models import Task
from nestling.visits.models import Visit
from tests.factories.families import CaregiverFactory, EnrollmentFactory
from tests.factories.screening import FollowUpTaskFactory, ScreeningResultFactory

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
SUMMARY = "Rowan and the baby settled; the family is linked with their pediatric clinic."


def make_visit(family: Family, practitioner, *, on: datetime.date, status: str = "scheduled") -> Visit:
    """A visit as the visits app stores one (its own services are another part's)."""
    return Visit.objects.create(
        organization=family.organization,
        family=family,
        practitioner=practitioner,
        visit_on=on,
        starts_at=datetime.time(10, 0),
        duration_minutes=60,
        setting="home",
        status=status,
        **({"cancelled_by": "family"} if status == "cancelled" else {}),
    )


@dataclass
class OpenFamily:
    family: Family
    enrollment: Enrollment
    mother: Caregiver
    result: ScreeningResult
    task: Task
    visit: Visit

    @property
    def task_key(self) -> str:
        return f"task:{self.task.uuid}"

    @property
    def visit_key(self) -> str:
        return f"visit:{self.visit.uuid}"

    @property
    def screen_key(self) -> str:
        # The PHQ-9 due at enrollment (the default schedule), given to nobody yet in this episode.
        return f"screen:{self.mother.uuid}:phq-9"


def open_family(family: Family, practitioner) -> OpenFamily:
    """Enrolled 40 days ago; a positive PHQ-9 of another caregiver's raised a follow-up; a visit next
    week; the mother's PHQ-9 at enrollment is overdue."""
    enrollment = EnrollmentFactory(family=family, enrolled_on=TODAY - 40 * DAY)
    mother = CaregiverFactory(family=family, given_name="Rowan")
    sister = CaregiverFactory(family=family, given_name="Ash")
    result = ScreeningResultFactory(
        family=family,
        caregiver=sister,
        administered_by=practitioner,
        administered_on=TODAY - 39 * DAY,
        positive=True,
        flags=[],
        total=12,
        band="moderate",
    )
    task = FollowUpTaskFactory(result=result, assignee=practitioner)
    visit = make_visit(family, practitioner, on=TODAY + 7 * DAY)
    return OpenFamily(family, enrollment, mother, result, task, visit)


@pytest.fixture
def open_a(world) -> OpenFamily:
    return open_family(world.family_a, world.practitioner)


def discharge(subject: OpenFamily, by, decisions: dict[str, Decision] | None = None, **changes) -> Enrollment:
    values = {
        "enrollment": subject.enrollment,
        "by": by,
        "version": subject.enrollment.version,
        "discharged_on": TODAY,
        "reason": "goals_met",
        "summary": SUMMARY,
        "decisions": decisions if decisions is not None else keep_all(subject),
    } | changes
    return enrollment_discharge(**values)


def keep_all(subject: OpenFamily) -> dict[str, Decision]:
    return {key: Decision(close=False) for key in (subject.task_key, subject.visit_key, subject.screen_key)}
