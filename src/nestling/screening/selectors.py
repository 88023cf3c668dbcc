"""Reads for the screening pages: results per person and what is due. Each reads a fixed number of
queries, whatever the number of rows. (What a caseload row says is in `attention`, the open safety alerts
a user must see in `alert_selectors`.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from nestling.access.hidden import left_out
from nestling.access.policy import shown_to
from nestling.families.age import CorrectionRule
from nestling.families.age_words import child_gestation
from nestling.families.models import (
    Caregiver,
    Child,
    Enrollment,
    Family,
    Person,
    Relationship,
    RelationshipKind,
    is_discharged,
)
from nestling.organizations.models import Program
from nestling.screening.eligibility import instruments_for
from nestling.screening.models import ProgramSchedule, ScreeningResult
from nestling.screening.program import DEFAULT_SCHEDULE, ScheduledScreen, schedule_from_rows
from nestling.screening.schedule import DueWindow, ScheduleError, ScheduleRule, Status, due_window, status
from nestling.screening.scoring import Definition, UnknownInstrument, default_library
from nestling.screening.sensitivity import hidden_instruments
from nestling.screening.words import short_name


@dataclass(frozen=True)
class DueScreen:
    definition: Definition
    window: DueWindow
    status: Status
    rule: ScheduledScreen

    @property
    def short_name(self) -> str:
        return short_name(self.definition)


@dataclass
class PersonScreening:
    """One of the family's people (or relationships) with what is due, what may be given, and history.

    For a reader without a grant for a sensitive category, `results` leaves that category's results out
    (`left_out` counts them), and `needs_grant` names the instruments in it that the reader may not give.
    What is due is worked out from every result, so that a screen given stays done for everyone."""

    subject: Person
    kind: str
    due: list[DueScreen] = field(default_factory=list)
    offered: list[Definition] = field(default_factory=list)
    results: list[ScreeningResult] = field(default_factory=list)
    left_out: int = 0
    needs_grant: frozenset[str] = frozenset()

    @property
    def shown_categories(self) -> set[str]:
        """The sensitive categories of the results shown (each a read to audit)."""
        return {r.sensitive_category for r in self.results} - {""}


def family_results(*, family: Family) -> list[ScreeningResult]:
    """Every result of the family, newest first, with the person each is about (one query)."""
    return list(
        ScreeningResult.objects.filter(family=family, organization_id=family.organization_id)
        .select_related(
            "administered_by",
            "subject__caregiver",
            "subject__child",
            "subject__relationship__caregiver",
            "subject__relationship__child",
        )
        .order_by("-administered_on", "-created_at", "-pk")
    )


def results_for(*, family: Family, subject: Person) -> list[ScreeningResult]:
    """One person's history, newest first."""
    return list(
        ScreeningResult.objects.filter(family=family, subject_id=subject.uuid)
        .select_related("administered_by")
        .order_by("-administered_on", "-created_at", "-pk")
    )


def _definition(instrument: str) -> Definition | None:
    try:
        return default_library().get(instrument)
    except UnknownInstrument:
        return None


def _latest_done(results: list[ScreeningResult], instrument: str) -> date | None:
    # A screen stopped before the end, or entered in error, does not count as done: it is still due.
    dates = [r.administered_on for r in results if r.instrument == instrument and r.counts]
    return max(dates) if dates else None


@lru_cache(maxsize=128)
def _under_rule(
    schedule: tuple[ScheduledScreen, ...], rule: CorrectionRule
) -> tuple[tuple[ScheduledScreen, ScheduleRule], ...]:
    """Each scheduled screen with the rule its window is computed by: for corrected-age lines, the
    program's correction rule replaces the schedule's defaults. Worked out once per schedule and rule,
    not once per person."""
    return tuple(
        (
            scheduled,
            replace(
                scheduled.rule,
                correct_until_months=rule.max_months,
                correct_min_weeks_early=rule.min_weeks_early,
            )
            if scheduled.rule.age_basis == "corrected"
            else scheduled.rule,
        )
        for scheduled in schedule
    )


def due_for(
    *,
    subject: Person,
    who: set[str],
    results: list[ScreeningResult],
    on: date,
    enrollment_date: date | None,
    delivery_date: date | None,
    rule: CorrectionRule,
    schedule: Sequence[ScheduledScreen] = DEFAULT_SCHEDULE,
) -> list[DueScreen]:
    """The screens due or overdue for one person under the program's schedule.

    For each instrument only its latest occurrence that has opened counts, so a screen missed at two
    months does not stay overdue once the four-month one is due.
    """
    latest: dict[str, tuple[ScheduledScreen, DueWindow]] = {}
    gestation = None
    birth_date = None
    if isinstance(subject, Child):
        birth_date = subject.date_of_birth
        gestation = child_gestation(subject)
    for scheduled, scheduled_rule in _under_rule(tuple(schedule), rule):
        if scheduled.who not in who:
            continue
        try:
            window = due_window(
                scheduled_rule,
                enrollment_date=enrollment_date,
                delivery_date=delivery_date,
                birth_date=birth_date,
                gestation=gestation,
            )
        except ScheduleError:
            continue  # the anchor date is not known for this person
        if window.due_from > on:
            continue
        known = latest.get(scheduled.instrument)
        if known is None or window.due_from > known[1].due_from:
            latest[scheduled.instrument] = (scheduled, window)
    due = []
    for instrument, (scheduled, window) in sorted(latest.items()):
        definition = _definition(instrument)
        if definition is None:
            continue
        now = status(window, on, _latest_done(results, instrument))
        if now == "overdue" and on > window.due_by + timedelta(days=scheduled.stale_after_days):
            continue
        if now in ("due", "overdue"):
            due.append(DueScreen(definition=definition, window=window, status=now, rule=scheduled))
    return due


def program_schedule(program: Program) -> tuple[ScheduledScreen, ...]:
    """The program's own schedule, or Nestling's default. Reads ``program.screening_schedule``:
    ``select_related("program__screening_schedule")`` with the family saves the query."""
    try:
        stored = program.screening_schedule
    except ProgramSchedule.DoesNotExist:
        return DEFAULT_SCHEDULE
    return schedule_from_rows(stored.rows)


def family_screening(
    *, family: Family, on: date, rule: CorrectionRule, categories: frozenset[str] = frozenset()
) -> list[PersonScreening]:
    """The family's caregivers, children and relationships, each with due screens, the instruments that fit
    them today and the results a reader granted `categories` may see (by default none in a sensitive
    category). Five queries whatever the family's size (six when the program's schedule was not loaded
    with the family)."""
    caregivers = list(Caregiver.objects.filter(family=family).order_by("family_name", "given_name", "pk"))
    children = list(Child.objects.filter(family=family).order_by("date_of_birth", "due_date", "pk"))
    relationships = list(
        Relationship.objects.filter(family=family).select_related("caregiver", "child").order_by("pk")
    )
    episodes = list(Enrollment.objects.filter(family=family).only("pk", "enrolled_on", "discharged_on"))
    return people_screening(
        caregivers=caregivers,
        children=children,
        relationships=relationships,
        enrolled_on=open_enrollment_date(episodes),
        discharged=is_discharged(episodes),
        results=family_results(family=family),
        on=on,
        rule=rule,
        schedule=program_schedule(family.program),
        categories=categories,
    )


def open_enrollment_date(enrollments: list[Enrollment]) -> date | None:
    """The start of the most recent open enrollment among records already loaded."""
    open_dates = [e.enrolled_on for e in enrollments if e.discharged_on is None]
    return max(open_dates) if open_dates else None


def people_screening(
    *,
    caregivers: list[Caregiver],
    children: list[Child],
    relationships: list[Relationship],
    enrolled_on: date | None,
    results: list[ScreeningResult],
    on: date,
    rule: CorrectionRule,
    schedule: Sequence[ScheduledScreen] = DEFAULT_SCHEDULE,
    offered: bool = True,
    categories: frozenset[str] | None = None,
    discharged: bool = False,
) -> list[PersonScreening]:
    """What `family_screening` computes, from records a page has already loaded (no queries).

    A `discharged` family (enrolled once, no episode open now) has no screen due: discharge stops the
    schedule until the family is enrolled again.

    ``offered=False`` leaves out the instruments each person could be given today, for pages that only
    show what is due (the family page, the caseload). With `categories`, the sensitive categories the
    reader may see, each person's results are only those shown to them; without, pages that show no
    result (only what is due) get them all."""

    # A birth mother's delivery date: the birth of a child born while the family was enrolled.
    deliveries: dict[int, date] = {}
    for relation in relationships:
        child = relation.child
        if (
            relation.kind == RelationshipKind.BIOLOGICAL_MOTHER
            and child.date_of_birth is not None
            and enrolled_on is not None
            and child.date_of_birth >= enrolled_on
        ):
            known = deliveries.get(relation.caregiver_id)
            if known is None or child.date_of_birth > known:
                deliveries[relation.caregiver_id] = child.date_of_birth

    people: list[PersonScreening] = []
    for caregiver in caregivers:
        own = [r for r in results if r.subject_id == caregiver.uuid]
        delivery = deliveries.get(caregiver.pk)
        who = {"caregiver", "birth_mother"} if delivery is not None else {"caregiver"}
        people.append(
            PersonScreening(
                subject=caregiver,
                kind="caregiver",
                due=[]
                if discharged
                else due_for(
                    subject=caregiver,
                    who=who,
                    results=own,
                    on=on,
                    enrollment_date=enrolled_on,
                    delivery_date=delivery,
                    rule=rule,
                    schedule=schedule,
                ),
                offered=instruments_for(caregiver, on, rule) if offered else [],
                results=own,
            )
        )
    for child in children:
        own = [r for r in results if r.subject_id == child.uuid]
        people.append(
            PersonScreening(
                subject=child,
                kind="child",
                due=due_for(
                    subject=child,
                    who={"child"},
                    results=own,
                    on=on,
                    enrollment_date=enrolled_on,
                    delivery_date=None,
                    rule=rule,
                    schedule=schedule,
                )
                if child.date_of_birth is not None and not discharged
                else [],
                offered=instruments_for(child, on, rule) if offered else [],
                results=own,
            )
        )
    for relation in relationships:
        own = [r for r in results if r.subject_id == relation.uuid]
        people.append(
            PersonScreening(
                subject=relation,
                kind="relationship",
                offered=instruments_for(relation, on, rule) if offered else [],
                results=own,
            )
        )
    if categories is not None:
        needs_grant = hidden_instruments(categories)
        for person in people:
            shown = [r for r in person.results if shown_to(r, categories)]
            person.left_out = left_out(person.results, categories)
            person.results = shown
            person.needs_grant = needs_grant
    return people
