"""A practitioner's visits for one week, Monday to Sunday, with the visits that clash (three queries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from nestling.access.policy import Action, require, require_caseload_of, visible_families
from nestling.accounts.models import User
from nestling.families.models import Family
from nestling.visits.models import Visit, VisitStatus
from nestling.visits.selectors import TAKES_TIME  # what holds a practitioner's time, as clashes count it
from nestling.worklist.links import visit_url
from nestling.worklist.week import Slot, clashing, week_days


@dataclass(frozen=True)
class WeekVisit:
    visit: Visit
    slot: Slot
    clashes: bool  # overlaps another of the practitioner's visits that takes their time
    leads: bool  # the practitioner leads it (otherwise they join another's visit)
    url: str

    @property
    def cancelled(self) -> bool:
        return self.visit.status == VisitStatus.CANCELLED


@dataclass(frozen=True)
class WeekDay:
    on: date
    visits: list[WeekVisit]


@dataclass(frozen=True)
class Week:
    practitioner: User
    days: list[WeekDay]
    families: list[Family]  # the households whose visits are shown
    # Visits to households the reader may not open (no longer on the caseload): left out, and counted.
    left_out: int

    @property
    def monday(self) -> date:
        return self.days[0].on

    @property
    def sunday(self) -> date:
        return self.days[-1].on

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def visits(self) -> list[WeekVisit]:
        return [visit for day in self.days for visit in day.visits]

    @property
    def clashes(self) -> int:
        return sum(1 for visit in self.visits if visit.clashes)


def practitioner_visits(*, practitioner: User, start: date, end: date) -> list[Visit]:
    """The visits the practitioner leads or joins from `start` to `end` (both included), in time order,
    each with its family (one query)."""
    return list(
        Visit.objects.filter(
            Q(practitioner=practitioner) | Q(co_practitioners=practitioner),
            organization_id=practitioner.organization_id,
            visit_on__gte=start,
            visit_on__lte=end,
        )
        .distinct()
        .select_related("family")
        .order_by("visit_on", "starts_at", "pk")
    )


def slot_of(visit: Visit) -> Slot:
    return Slot(visit.pk, visit.visit_on, visit.starts_at, visit.duration_minutes)


def week_read(*, actor: User, practitioner: User, day: date) -> Week:
    """The week `day` falls in, Monday to Sunday, of the practitioner's visits as the actor sees them
    (their own, or a supervisee's). A cancelled or missed visit stays on its day but clashes with
    nothing; a visit that overlaps one the actor may not open is still marked as clashing."""
    require(actor, Action.CASELOAD_VIEW)
    require_caseload_of(actor, practitioner)
    days = week_days(day)
    visits = practitioner_visits(practitioner=practitioner, start=days[0], end=days[-1])
    clash = clashing(slot_of(v) for v in visits if v.status in TAKES_TIME)
    seen = set(
        visible_families(actor).filter(pk__in={v.family_id for v in visits}).values_list("pk", flat=True)
    )
    shown = [v for v in visits if v.family_id in seen]
    by_day: dict[date, list[WeekVisit]] = {on: [] for on in days}
    for visit in shown:
        by_day[visit.visit_on].append(
            WeekVisit(
                visit=visit,
                slot=slot_of(visit),
                clashes=visit.pk in clash,
                leads=visit.practitioner_id == practitioner.pk,
                url=visit_url(visit.family.uuid, visit.uuid),
            )
        )
    families = {visit.family_id: visit.family for visit in shown}
    return Week(
        practitioner=practitioner,
        days=[WeekDay(on, by_day[on]) for on in days],
        families=list(families.values()),
        left_out=len(visits) - len(shown),
    )
