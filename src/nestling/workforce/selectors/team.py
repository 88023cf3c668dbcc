"""What a reflective supervisor sees of each supervisee's load: caseload against capacity, overdue
work, qualification, RS/C hours this month and last, sessions missed; and whether the supervisor carries
more supervisees than the organization's limit. A fixed number of queries whatever the team's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from nestling.accounts.models import User
from nestling.tasks.models import Task
from nestling.workforce.models import StaffProfile
from nestling.workforce.policy import workforce_policy
from nestling.workforce.qualification import Qualification
from nestling.workforce.readiness import months_before
from nestling.workforce.selectors.qualification import qualifications
from nestling.workforce.selectors.rsc import Attendance, rsc_attendance, rsc_hours_by_month

# Sessions missed are counted over the last three months: recent enough to act on.
MISSED_MONTHS = 3


@dataclass(frozen=True)
class SuperviseeLoad:
    person: User
    caseload: int
    capacity: int | None
    overdue_tasks: int
    qualification: Qualification
    hours_this_month: Decimal
    hours_last_month: Decimal
    attendance: Attendance

    @property
    def over_capacity(self) -> bool:
        return self.capacity is not None and self.caseload > self.capacity


@dataclass(frozen=True)
class TeamLoad:
    loads: dict[int, SuperviseeLoad]
    limit: int
    missed_months: int

    @property
    def over_limit(self) -> bool:
        return len(self.loads) > self.limit


def team_load(*, supervisor: User, supervisees: list[User], on: date | None = None) -> TeamLoad:
    """The load of each of the supervisor's supervisees (`supervisees`, annotated with `caseload_size`
    by `supervisees_with_caseloads`)."""
    on = on or timezone.localdate()
    this_month = on.replace(day=1)
    last_month = months_before(this_month, 1)
    capacity = dict(
        StaffProfile.objects.filter(user__in=supervisees).values_list("user_id", "caseload_capacity")
    )
    overdue = dict(
        Task.objects.filter(assignee__in=supervisees, done_at__isnull=True, due_on__lt=on)
        .values("assignee_id")
        .annotate(n=Count("pk"))
        .values_list("assignee_id", "n")
    )
    qualified = qualifications(people=supervisees, on=on)
    hours = rsc_hours_by_month(people=supervisees, since=last_month, on=on)
    attendance = rsc_attendance(people=supervisees, since=months_before(on, MISSED_MONTHS), on=on)
    loads = {
        person.pk: SuperviseeLoad(
            person=person,
            caseload=getattr(person, "caseload_size", 0),
            capacity=capacity.get(person.pk),
            overdue_tasks=overdue.get(person.pk, 0),
            qualification=qualified[person.pk],
            hours_this_month=hours.get(person.pk, {}).get(f"{this_month:%Y-%m}", Decimal(0)),
            hours_last_month=hours.get(person.pk, {}).get(f"{last_month:%Y-%m}", Decimal(0)),
            attendance=attendance[person.pk],
        )
        for person in supervisees
    }
    limit = workforce_policy(organization_id=supervisor.organization_id).supervisee_limit
    return TeamLoad(loads=loads, limit=limit, missed_months=MISSED_MONTHS)
