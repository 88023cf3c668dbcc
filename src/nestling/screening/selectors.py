"""Reads for the screening pages: results per person, what is due, and the open safety alerts a user must
see. Each reads a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from nestling.access.hidden import left_out
from nestling.access.models import BreakGlassAccess
from nestling.access.policy import current_q, roles_of, shown_to
from nestling.accounts.models import Role, Supervision, User
from nestling.families.age import CorrectionRule
from nestling.families.age_words import child_gestation, program_rule
from nestling.families.models import (
    Caregiver,
    CaseloadAssignment,
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
from nestling.screening.models import ProgramSchedule, SafetyAlert, ScreeningResult
from nestling.screening.program import DEFAULT_SCHEDULE, ScheduledScreen, schedule_from_rows
from nestling.screening.schedule import DueWindow, ScheduleError, ScheduleRule, Status, due_window, status
from nestling.screening.scoring import Definition, UnknownInstrument, default_library
from nestling.screening.sensitivity import hidden_instruments
from nestling.screening.words import short_name
from nestling.tasks.models import Task


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


def open_alerts_for(user: User) -> QuerySet[SafetyAlert]:
    """Open safety alerts this user must see: a practitioner's own alerts and those of the families on
    their caseload; a supervisor's alerts and those of their current supervisees; and anyone's, those of
    a family they cover under emergency access."""
    roles = roles_of(user)
    if not roles & {Role.PRACTITIONER, Role.SUPERVISOR, Role.MANAGER}:
        return SafetyAlert.objects.none()
    now = timezone.now()
    # A colleague covering a family under emergency access sees its open alerts as its carer does.
    covering = BreakGlassAccess.objects.filter(user=user, started_at__lte=now, expires_at__gt=now).values(
        "family_id"
    )
    scope = Q(family_id__in=covering)
    if not roles & {Role.PRACTITIONER, Role.SUPERVISOR}:
        return _open_alerts(scope, user)
    caseload = CaseloadAssignment.objects.filter(current_q(), practitioner=user).values("family_id")
    scope |= Q(practitioner=user) | Q(supervisor=user) | Q(family_id__in=caseload)
    if Role.SUPERVISOR in roles:
        supervisees = Supervision.objects.filter(current_q(), supervisor=user).values("supervisee_id")
        scope |= Q(practitioner_id__in=supervisees)
    return _open_alerts(scope, user)


def _open_alerts(scope: Q, user: User) -> QuerySet[SafetyAlert]:
    return (
        SafetyAlert.objects.open()
        .filter(scope, organization_id=user.organization_id)
        .select_related("family", "result")
        .order_by("raised_at", "pk")
    )
