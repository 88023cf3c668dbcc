"""Reads of the care plan. Each returns in a fixed number of queries, however many goals and ratings.

A goal's motivation in a sensitive category (a substance-use risk factor, an AUDIT-C result) is shown only
to a reader with a grant for it: otherwise the goal says that its motivation is left out, never what it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from nestling.access.policy import Action, require, shown_to
from nestling.accounts.models import Role, User
from nestling.families.models import (
    Caregiver,
    Child,
    Family,
    Person,
    Relationship,
    RelationshipObservation,
    RiskFactor,
)
from nestling.families.selectors import visible_sensitive_categories
from nestling.plans.models import (
    CarePlan,
    Goal,
    GoalProgress,
    GoalStatus,
    PlannedService,
    PlanReview,
    ServiceType,
)
from nestling.plans.words import motivation_words, patient_kind, patient_name
from nestling.screening.models import ScreeningResult

Motivation = ScreeningResult | RiskFactor | RelationshipObservation
# The staff a goal may name as responsible.
RESPONSIBLE_ROLES = (Role.PRACTITIONER, Role.SUPERVISOR, Role.MANAGER)


def responsible_staff(*, organization_id: int) -> QuerySet[User]:
    """The organization's active practitioners, supervisors and managers."""
    return (
        User.objects.filter(
            organization_id=organization_id, is_active=True, role_assignments__role__in=RESPONSIBLE_ROLES
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def service_types_offered(*, organization_id: int, keeping: Iterable[int] = ()) -> list[ServiceType]:
    """The service types a plan (or a visit) may choose: the field's and the organization's own that are in
    use, and any in `keeping` (already chosen, though retired since)."""
    return list(
        ServiceType.objects.filter(
            Q(organization__isnull=True) | Q(organization_id=organization_id),
            Q(active=True) | Q(pk__in=list(keeping)),
        ).order_by("position", "name", "pk")
    )


@dataclass(frozen=True)
class ServiceTypes:
    shipped: list[ServiceType]
    own: list[ServiceType]  # retired ones included


def organization_service_types(*, user: User) -> ServiceTypes:
    """The field's service types and the organization's own, for the page that manages them."""
    require(user, Action.SERVICE_TYPES_MANAGE)
    rows = list(
        ServiceType.objects.filter(
            Q(organization__isnull=True) | Q(organization_id=user.organization_id)
        ).order_by("position", "name", "pk")
    )
    return ServiceTypes(
        shipped=[row for row in rows if row.is_shipped], own=[row for row in rows if not row.is_shipped]
    )


@dataclass(frozen=True)
class Patients:
    """The three patients of a family, as a goal may choose them."""

    caregivers: list[Caregiver]
    children: list[Child]
    relationships: list[Relationship]

    def by_uuid(self) -> dict[str, Person]:
        people: list[Person] = [*self.caregivers, *self.children, *self.relationships]
        return {str(person.uuid): person for person in people}


def family_patients(*, family: Family) -> Patients:
    """The family's caregivers, children and relationships (three queries)."""
    return Patients(
        caregivers=list(Caregiver.objects.filter(family=family)),
        children=list(Child.objects.filter(family=family)),
        relationships=list(
            Relationship.objects.filter(family=family).select_related("caregiver", "child").order_by("pk")
        ),
    )


@dataclass(frozen=True)
class MotivationOptions:
    """What a goal may say motivated it, of those the reader may see (the others are not offered)."""

    results: list[ScreeningResult]
    factors: list[RiskFactor]
    observations: list[RelationshipObservation]

    def by_key(self) -> dict[str, Motivation]:
        options: dict[str, Motivation] = {}
        for prefix, rows in (
            ("result", self.results),
            ("factor", self.factors),
            ("observation", self.observations),
        ):
            for row in rows:
                options[f"{prefix}:{row.uuid}"] = row
        return options


def motivation_key(motivation: Motivation | None) -> str:
    """The form's value for a motivation ("" for none)."""
    if motivation is None:
        return ""
    prefix = {ScreeningResult: "result", RiskFactor: "factor", RelationshipObservation: "observation"}
    return f"{prefix[type(motivation)]}:{motivation.uuid}"


def motivation_options(*, family: Family, categories: frozenset[str]) -> MotivationOptions:
    """The family's screens that count, its risk and protective factors and its relationship
    observations, newest first, leaving out what is in a category not in `categories` (three queries)."""
    results = ScreeningResult.objects.filter(
        family=family, total__isnull=False, entered_in_error_at__isnull=True
    ).select_related("subject__caregiver", "subject__child", "subject__relationship")
    factors = RiskFactor.objects.filter(family=family).select_related("caregiver", "child")
    observations = RelationshipObservation.objects.filter(relationship__family=family).select_related(
        "relationship__caregiver", "relationship__child"
    )
    return MotivationOptions(
        results=[r for r in results if shown_to(r, categories)],
        factors=[f for f in factors.order_by("-noted_on", "-pk") if shown_to(f, categories)],
        observations=list(observations.order_by("-observed_on", "-pk")),
    )


def goals_queryset() -> QuerySet[Goal]:
    """Goals with whom they are for, who is responsible, what motivated them and their planned services."""
    return Goal.objects.select_related(
        "plan",
        "subject__caregiver",
        "subject__child",
        "subject__relationship__caregiver",
        "subject__relationship__child",
        "responsible",
        "from_result",
        "from_factor",
        "from_observation",
    ).prefetch_related(
        Prefetch("planned_services", queryset=PlannedService.objects.select_related("service_type"))
    )


def active_goals(*, family: Family) -> list[Goal]:
    """The goals of the family's plans still being worked on, in plan order (a visit links those it
    worked on; one query, and one for their planned services)."""
    return list(
        goals_queryset().filter(family=family, status=GoalStatus.ACTIVE).order_by("plan", "position", "pk")
    )


def latest_progress(goals: Sequence[Goal]) -> dict[int, GoalProgress]:
    """Each goal's latest rating, by goal id (one query)."""
    latest: dict[int, GoalProgress] = {}
    for row in GoalProgress.objects.filter(goal__in=[g.pk for g in goals]).order_by(
        "goal_id", "rated_on", "pk"
    ):
        latest[row.goal_id] = row
    return latest


@dataclass(frozen=True)
class GoalRow:
    """A goal as a reader sees it: its motivation only when shown to them."""

    goal: Goal
    latest: GoalProgress | None
    motivation: Motivation | None  # None when there is none, or when it is hidden
    motivation_hidden: bool
    overdue: bool  # being worked on, and its review date has passed

    @property
    def services(self) -> list[PlannedService]:
        return list(self.goal.planned_services.all())

    @property
    def motivation_text(self) -> str:
        return motivation_words(self.motivation) if self.motivation is not None else ""

    @property
    def motivation_result(self) -> ScreeningResult | None:
        """The screen that motivated it, when one did (its page is linked)."""
        return self.motivation if isinstance(self.motivation, ScreeningResult) else None


def goal_motivation(goal: Goal) -> Motivation | None:
    return goal.from_result or goal.from_factor or goal.from_observation


def goal_row(goal: Goal, *, latest: GoalProgress | None, categories: frozenset[str], today: date) -> GoalRow:
    motivation = goal_motivation(goal)
    hidden = motivation is not None and not shown_to(motivation, categories)
    return GoalRow(
        goal=goal,
        latest=latest,
        motivation=None if hidden else motivation,
        motivation_hidden=hidden,
        overdue=goal.status == GoalStatus.ACTIVE and goal.review_on < today,
    )


def shown_motivation_categories(rows: Iterable[GoalRow]) -> set[str]:
    """The sensitive categories of the motivations shown (each a read to audit)."""
    return {getattr(row.motivation, "sensitive_category", "") for row in rows if row.motivation} - {""}


@dataclass
class PatientGoals:
    """One patient's goals in a plan: those being worked on, and those closed (which stay listed)."""

    person: Person
    active: list[GoalRow] = field(default_factory=list)
    closed: list[GoalRow] = field(default_factory=list)

    @property
    def name(self) -> str:
        return patient_name(self.person)

    @property
    def kind(self) -> str:
        return patient_kind(self.person)


def goals_by_patient(rows: Sequence[GoalRow]) -> list[PatientGoals]:
    """The rows grouped by whom they are for: caregivers, then children, then relationships, each in the
    order its first goal was set."""
    groups: dict[str, PatientGoals] = {}
    for row in rows:
        person = row.goal.subject.person
        group = groups.setdefault(str(person.uuid), PatientGoals(person))
        (group.active if row.goal.status == GoalStatus.ACTIVE else group.closed).append(row)
    order = {Caregiver: 0, Child: 1, Relationship: 2}
    return sorted(groups.values(), key=lambda g: order[type(g.person)])


@dataclass(frozen=True)
class PlanGoals:
    """A plan's goals as one reader sees them, and the sensitive categories of what is shown."""

    plan: CarePlan
    rows: list[GoalRow]
    patients: list[PatientGoals]
    overdue: bool  # the plan's own review date has passed
    shown_categories: frozenset[str]


def plan_goals(
    *, plan: CarePlan, categories: frozenset[str], today: date, goals: QuerySet[Goal] | None = None
) -> PlanGoals:
    """The plan's goals with their latest progress, grouped by patient (three queries)."""
    found = list((goals if goals is not None else goals_queryset()).filter(plan=plan))
    latest = latest_progress(found)
    rows = [goal_row(g, latest=latest.get(g.pk), categories=categories, today=today) for g in found]
    return PlanGoals(
        plan=plan,
        rows=rows,
        patients=goals_by_patient(rows),
        overdue=plan.is_open and plan.review_on < today,
        shown_categories=frozenset(shown_motivation_categories(rows)),
    )


def plan_reviews(*, plan: CarePlan) -> list[PlanReview]:
    return list(plan.reviews.select_related("reviewed_by"))


def reader_categories(*, user: User, family: Family) -> frozenset[str]:
    return visible_sensitive_categories(user=user, family=family)


def goal_progress(*, goal: Goal) -> list[GoalProgress]:
    """A goal's ratings, oldest first, with who rated each."""
    return list(goal.progress.select_related("rated_by").order_by("rated_on", "pk"))
