"""What a caseload row says about each family: screens due and overdue, open follow-ups and alerts, read
for all the families of a page in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from nestling.families.age_words import program_rule
from nestling.families.models import (
    Caregiver,
    Child,
    Enrollment,
    Family,
    Relationship,
)
from nestling.screening.models import ProgramSchedule, SafetyAlert, ScreeningResult
from nestling.screening.program import DEFAULT_SCHEDULE, schedule_from_rows
from nestling.screening.selectors import DueScreen, people_screening
from nestling.tasks.models import Task


@dataclass(frozen=True)
class DueFor:
    """One screen due or overdue, with the person it is for (a caregiver or child)."""

    person: Caregiver | Child | Relationship
    screen: DueScreen


@dataclass
class FamilyAttention:
    """What a caseload row says about one family: screens due and overdue, open follow-ups and alerts."""

    due: list[DueFor] = field(default_factory=list)
    follow_ups: int = 0
    follow_ups_overdue: int = 0
    open_alerts: list[SafetyAlert] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.due if item.screen.status == "overdue")

    @property
    def due_count(self) -> int:
        return sum(1 for item in self.due if item.screen.status == "due")

    @property
    def needs_attention(self) -> bool:
        return bool(self.due or self.follow_ups or self.open_alerts)


_CHILD_FIELDS = (
    "uuid",
    "family_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "due_date",
    "gestation_weeks",
    "gestation_days",
)


def caseload_attention(*, families: list[Family], on: date) -> dict[int, FamilyAttention]:
    """`FamilyAttention` for each family, keyed by family pk, in eight queries whatever the number of
    families: caregivers, children, relationships, enrollments, results (dates only), the programs'
    schedules, open follow-ups and open alerts are each read once for all of them. Each family's program
    must be loaded (``select_related("program")``): its corrected-age rule decides the children's
    windows."""
    ids = [family.pk for family in families]
    if not ids:
        return {}
    # Only the fields the schedule and the row need: a caseload reads every person of ~25 families.
    caregivers: dict[int, list[Caregiver]] = {}
    for caregiver in (
        Caregiver.objects.filter(family_id__in=ids)
        .only("uuid", "family_id", "given_name", "family_name")
        .order_by("family_name", "given_name", "pk")
    ):
        caregivers.setdefault(caregiver.family_id, []).append(caregiver)
    children: dict[int, list[Child]] = {}
    by_id: dict[int, Child] = {}
    for child in (
        Child.objects.filter(family_id__in=ids)
        .only(*_CHILD_FIELDS)
        .order_by("date_of_birth", "due_date", "pk")
    ):
        children.setdefault(child.family_id, []).append(child)
        by_id[child.pk] = child
    relationships: dict[int, list[Relationship]] = {}
    for relation in (
        Relationship.objects.filter(family_id__in=ids)
        .only("uuid", "family_id", "caregiver_id", "child_id", "kind")
        .order_by("pk")
    ):
        relation.child = by_id[relation.child_id]  # the child already read, not a second copy
        relationships.setdefault(relation.family_id, []).append(relation)
    enrolled: dict[int, date] = {}
    ever_enrolled: set[int] = set()
    for family_id, enrolled_on, discharged_on in Enrollment.objects.filter(family_id__in=ids).values_list(
        "family_id", "enrolled_on", "discharged_on"
    ):
        ever_enrolled.add(family_id)
        if discharged_on is None and (family_id not in enrolled or enrolled_on > enrolled[family_id]):
            enrolled[family_id] = enrolled_on
    results: dict[int, list[ScreeningResult]] = {}
    for result in ScreeningResult.objects.filter(family_id__in=ids).only(
        "family_id",
        "subject_id",
        "instrument",
        "administered_on",
        "total",
        "entered_in_error_at",
    ):
        results.setdefault(result.family_id, []).append(result)
    follow_ups: dict[int, tuple[int, int]] = {
        family_id: (n, late)
        for family_id, n, late in Task.objects.filter(family_id__in=ids, done_at__isnull=True)
        .values("family_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_on__lt=on)))
        .values_list("family_id", "n", "late")
    }
    schedules = {
        stored.program_id: schedule_from_rows(stored.rows)
        for stored in ProgramSchedule.objects.filter(
            program_id__in={family.program_id for family in families}
        )
    }
    alerts: dict[int, list[SafetyAlert]] = {}
    for alert in SafetyAlert.objects.open().filter(family_id__in=ids).order_by("raised_at", "pk"):
        alerts.setdefault(alert.family_id, []).append(alert)

    attention: dict[int, FamilyAttention] = {}
    for family in families:
        people = people_screening(
            caregivers=caregivers.get(family.pk, []),
            children=children.get(family.pk, []),
            relationships=relationships.get(family.pk, []),
            enrolled_on=enrolled.get(family.pk),
            discharged=family.pk in ever_enrolled and family.pk not in enrolled,
            results=results.get(family.pk, []),
            on=on,
            rule=program_rule(family.program),
            schedule=schedules.get(family.program_id, DEFAULT_SCHEDULE),
            offered=False,
        )
        due = [DueFor(person=person.subject, screen=screen) for person in people for screen in person.due]
        # Overdue first, then by the date each became due.
        due.sort(key=lambda item: (item.screen.status != "overdue", item.screen.window.due_from))
        attention[family.pk] = FamilyAttention(
            due=due,
            follow_ups=follow_ups.get(family.pk, (0, 0))[0],
            follow_ups_overdue=follow_ups.get(family.pk, (0, 0))[1],
            open_alerts=alerts.get(family.pk, []),
        )
    return attention
