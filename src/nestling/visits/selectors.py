"""Reads of visits: clashes in a practitioner's day, a family's visits, and one visit's page. Each returns
in a fixed number of queries. Group sessions are read in `visits.group_selectors`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from nestling.access.policy import Action, current_q, granted_categories, require, shown_to, visible_families
from nestling.accounts.models import Role, Supervision, User
from nestling.families.models import Caregiver, CaseloadAssignment, Child, Family, Relationship, Subject
from nestling.growth.models import Measurement
from nestling.plans.models import Goal, GoalStatus, ServiceType
from nestling.screening.models import ScreeningResult
from nestling.visits.models import NoteAddendum, Visit, VisitNote, VisitService, VisitStatus

# What a practitioner's day is made of: a cancelled or missed visit leaves the time free.
TAKES_TIME = (VisitStatus.SCHEDULED, VisitStatus.COMPLETED)


def visit_span(on: date, starts_at: time, minutes: int) -> tuple[datetime, datetime]:
    """When a visit starts and ends (it may run past midnight)."""
    start = datetime.combine(on, starts_at)
    return start, start + timedelta(minutes=minutes)


def clashes_for(
    practitioner: User, on: date, starts_at: time, minutes: int, exclude: Visit | None = None
) -> list[Visit]:
    """The practitioner's scheduled or held visits (leading or joining one) that overlap the time from
    `starts_at` on `on` for `minutes`, earliest first; `exclude` is the visit being moved, if any.

    One query. It reads times and families only: the caller has checked what its actor may do, and shows
    a family's name only to a reader who may see that family (`clash_rows`).
    """
    start, end = visit_span(on, starts_at, minutes)
    # The day before counts too: a visit late in the evening may run past midnight.
    days = {on - timedelta(days=1), on, end.date()}
    candidates = (
        Visit.objects.filter(
            Q(practitioner=practitioner) | Q(co_practitioners=practitioner),
            organization_id=practitioner.organization_id,
            visit_on__in=days,
            status__in=TAKES_TIME,
        )
        .select_related("family")
        .distinct()
        .order_by("visit_on", "starts_at", "pk")
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    clashes = []
    for visit in candidates:
        other_start, other_end = visit_span(visit.visit_on, visit.starts_at, visit.duration_minutes)
        if other_start < end and start < other_end:
            clashes.append(visit)
    return clashes


@dataclass(frozen=True)
class ClashRow:
    visit: Visit
    ends_at: time
    # The family's name when the reader may see that family; otherwise the row says only "another visit".
    family_name: str | None


def clash_rows(*, actor: User, clashes: list[Visit]) -> list[ClashRow]:
    """The clashes as the actor may read them (one query)."""
    seen = set(
        visible_families(actor).filter(pk__in=[c.family_id for c in clashes]).values_list("pk", flat=True)
    )
    return [
        ClashRow(
            visit=clash,
            ends_at=visit_span(clash.visit_on, clash.starts_at, clash.duration_minutes)[1].time(),
            family_name=clash.family.name if clash.family_id in seen else None,
        )
        for clash in clashes
    ]


def person_label(person: Caregiver | Child | Relationship) -> str:
    if isinstance(person, Relationship):
        return f"{person.caregiver.full_name} & {person.child.full_name or _('Baby')}"
    return person.full_name or _("Baby")


def subject_label(subject: Subject) -> str:
    """A subject's name as the visit page says it (its person loaded with it)."""
    if subject.caregiver is not None:
        return person_label(subject.caregiver)
    if subject.child is not None:
        return person_label(subject.child)
    assert subject.relationship is not None  # the check constraint guarantees one of the three
    return person_label(subject.relationship)


SUBJECT_PEOPLE = (
    "caregiver",
    "child",
    "relationship__caregiver",
    "relationship__child",
)


@dataclass
class FamilyPeople:
    """The family's caregivers, children and relationships: who may be present, and whom a service is
    for. Keyed by their ids, which are their subjects' ids."""

    caregivers: list[Caregiver]
    children: list[Child]
    relationships: list[Relationship]

    def present_choices(self) -> list[tuple[str, str]]:
        people: list[Caregiver | Child] = [*self.caregivers, *self.children]
        return [(str(p.uuid), person_label(p)) for p in people]

    def patient_choices(self) -> list[tuple[str, str]]:
        people: list[Caregiver | Child | Relationship] = [
            *self.caregivers,
            *self.children,
            *self.relationships,
        ]
        return [(str(p.uuid), person_label(p)) for p in people]

    def by_uuid(self) -> dict[str, Caregiver | Child | Relationship]:
        people: list[Caregiver | Child | Relationship] = [
            *self.caregivers,
            *self.children,
            *self.relationships,
        ]
        return {str(p.uuid): p for p in people}


def family_people(*, family: Family) -> FamilyPeople:
    """Three queries."""
    return FamilyPeople(
        caregivers=list(Caregiver.objects.filter(family=family).order_by("pk")),
        children=list(Child.objects.filter(family=family).order_by("pk")),
        relationships=list(
            Relationship.objects.filter(family=family).select_related("caregiver", "child").order_by("pk")
        ),
    )


def service_types_for(*, organization_id: int) -> QuerySet[ServiceType]:
    """The service types a visit of this organization may record: the field's and its own, in use."""
    return ServiceType.objects.filter(
        Q(organization__isnull=True) | Q(organization_id=organization_id), active=True
    ).order_by("position", "name")


def goals_to_work_on(*, family: Family, visit: Visit | None = None) -> list[Goal]:
    """The family's active goals, and any goal the visit already names (one query)."""
    linked = Q(visits=visit) if visit is not None and visit.pk else Q(pk__in=[])
    return list(
        Goal.objects.filter(Q(status=GoalStatus.ACTIVE) | linked, family=family)
        .select_related(*(f"subject__{p}" for p in SUBJECT_PEOPLE))
        .distinct()
        .order_by("plan_id", "position", "pk")
    )


def visit_in_family(*, family: Family, visit_uuid: UUID) -> Visit | None:
    return (
        Visit.objects.filter(family=family, uuid=visit_uuid)
        .select_related("practitioner", "family", "enrollment")
        .first()
    )


def family_visits(*, actor: User, family: Family) -> list[Visit]:
    """Every visit of the family, newest first, with its practitioner and note (one query)."""
    require(actor, Action.FAMILY_VIEW, family)
    return list(
        Visit.objects.filter(family=family)
        .select_related("practitioner", "note")
        .order_by("-visit_on", "-starts_at", "-pk")
    )


@dataclass
class PatientServices:
    label: str
    kind: str
    services: list[str]


@dataclass
class VisitPage:
    visit: Visit
    # Visits linked by rescheduling, earliest first, this one among them (just it, when never moved).
    chain: list[Visit]
    co_practitioners: list[User]
    present: list[str]
    services: list[PatientServices]
    goals: list[Goal]
    screenings: list[ScreeningResult]
    screenings_left_out: int
    measurements: list[Measurement]
    note: VisitNote | None
    addenda: list[NoteAddendum]
    children_born: list[Child]
    shown_categories: frozenset[str] = field(default_factory=frozenset)

    @property
    def co_practitioner_names(self) -> str:
        """The others leading the visit, as a list inside the page's sentence ("With A, joined by B, C")."""
        return ", ".join(person.display_name for person in self.co_practitioners)

    @property
    def note_is_signed(self) -> bool:
        return self.note is not None and self.note.signed_at is not None


def _chain(visit: Visit) -> list[Visit]:
    """The reschedule chain through this visit, from the family's rescheduled visits (one query)."""
    linked = list(
        Visit.objects.filter(family_id=visit.family_id)
        .filter(Q(rescheduled_to__isnull=False) | Q(rescheduled_from__isnull=False))
        .order_by("pk")
    )
    if not any(v.pk == visit.pk for v in linked):
        return [visit]
    by_pk = {v.pk: v for v in linked}
    before = {v.rescheduled_to_id: v for v in linked if v.rescheduled_to_id is not None}
    chain = [by_pk[visit.pk]]
    while chain[0].pk in before and len(chain) <= len(linked):
        chain.insert(0, before[chain[0].pk])
    while chain[-1].rescheduled_to_id in by_pk and len(chain) <= len(linked):
        chain.append(by_pk[chain[-1].rescheduled_to_id])
    return chain


def visit_page(*, actor: User, family: Family, visit: Visit) -> VisitPage:
    """What the visit page shows, in a fixed number of queries. Screens in a sensitive category the
    reader has no grant for are left out, and counted."""
    require(actor, Action.FAMILY_VIEW, family)
    present = Subject.objects.filter(visits_present=visit).select_related(*SUBJECT_PEOPLE).order_by("kind")
    rows = VisitService.objects.filter(visit=visit).select_related(
        "service_type", *(f"subject__{p}" for p in SUBJECT_PEOPLE)
    )
    by_patient: dict[str, PatientServices] = {}
    for row in rows:
        patient = by_patient.setdefault(
            str(row.subject_id), PatientServices(subject_label(row.subject), row.subject.kind, [])
        )
        patient.services.append(row.service_type.name)
    note = VisitNote.objects.filter(visit=visit).select_related("signed_by").first()
    addenda = (
        list(NoteAddendum.objects.filter(note=note).select_related("written_by")) if note is not None else []
    )
    categories = granted_categories(actor, family)
    every_screen = list(
        visit.screenings.select_related(*(f"subject__{p}" for p in SUBJECT_PEOPLE)).order_by("pk")
    )
    screens = [s for s in every_screen if shown_to(s, categories)]
    return VisitPage(
        visit=visit,
        chain=_chain(visit),
        co_practitioners=list(visit.co_practitioners.order_by("last_name", "first_name")),
        present=[subject_label(s) for s in present],
        services=sorted(
            by_patient.values(), key=lambda p: ("caregiver", "child", "relationship").index(p.kind)
        ),
        goals=list(visit.goals.select_related(*(f"subject__{p}" for p in SUBJECT_PEOPLE)).order_by("pk")),
        screenings=screens,
        screenings_left_out=len(every_screen) - len(screens),
        measurements=list(visit.measurements.select_related("child").order_by("pk")),
        note=note,
        addenda=addenda,
        children_born=list(
            Child.objects.filter(
                family=family, date_of_birth__isnull=False, date_of_birth__lte=visit.visit_on
            )
        ),
        shown_categories=frozenset(s.sensitive_category for s in screens) - {""},
    )


@dataclass(frozen=True)
class RecordedValues:
    """What a recorded visit holds, as the record form's values (ids as text)."""

    present: list[str]
    services: dict[str, list[str]]  # service type code -> the patients it was for
    goals: list[str]


def visit_recorded_values(*, visit: Visit) -> RecordedValues:
    """Who was there, the services by type with their patients, and the goals (three queries)."""
    services: dict[str, list[str]] = {}
    for code, subject_id in VisitService.objects.filter(visit=visit).values_list(
        "service_type__code", "subject_id"
    ):
        services.setdefault(code, []).append(str(subject_id))
    return RecordedValues(
        present=[str(pk) for pk in visit.present.values_list("pk", flat=True)],
        services=services,
        goals=[str(uuid) for uuid in visit.goals.values_list("uuid", flat=True)],
    )


def upcoming_and_recent(
    *, family: Family, today: date, upcoming: int = 3, recent: int = 5
) -> tuple[list[Visit], list[Visit]]:
    """The family's next scheduled visits and its latest others, each with its note (two queries)."""
    visits = Visit.objects.filter(family=family).select_related("practitioner", "note")
    ahead = list(
        visits.filter(status=VisitStatus.SCHEDULED, visit_on__gte=today).order_by("visit_on", "starts_at")[
            :upcoming
        ]
    )
    past = list(
        visits.exclude(pk__in=[v.pk for v in ahead])
        .filter(visit_on__lte=today)
        .order_by("-visit_on", "-starts_at", "-pk")[:recent]
    )
    return ahead, past


def care_team(*, family: Family) -> QuerySet[User]:
    """Who carries the family now: the practitioners a visit to it may be led by."""
    ids = CaseloadAssignment.objects.filter(current_q(), family=family).values("practitioner_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("last_name", "first_name")


def staff_with_roles(*, organization_id: int, roles: Iterable[str]) -> QuerySet[User]:
    """Active staff of the organization holding one of these roles (who may join a visit, or facilitate a
    group)."""
    return (
        User.objects.filter(
            organization_id=organization_id, is_active=True, role_assignments__role__in=list(roles)
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


JOINING = (Role.PRACTITIONER, Role.SUPERVISOR)


def visit_colleagues(*, family: Family, user: User) -> QuerySet[User]:
    """Who the schedule form offers to join a visit: the people the scheduler and the family work with —
    the family's care team and their supervisors, and the scheduler's own supervisors, team (supervised by
    the same supervisor) and supervisees — rather than every practitioner of the organization, which in a
    large one is thousands of boxes to tick. The service still takes any active practitioner or supervisor
    of the organization (an API client may name one)."""
    team = CaseloadAssignment.objects.filter(current_q(), family=family).values("practitioner_id")
    links = Supervision.objects.filter(current_q(), organization_id=family.organization_id)
    own_supervisors = links.filter(supervisee=user).values("supervisor_id")
    team_supervisors = links.filter(supervisee_id__in=team).values("supervisor_id")
    people = (
        Q(pk__in=team)
        | Q(pk__in=team_supervisors)
        | Q(pk__in=own_supervisors)
        | Q(pk__in=links.filter(supervisor_id__in=own_supervisors).values("supervisee_id"))
        | Q(pk__in=links.filter(supervisor=user).values("supervisee_id"))
    )
    return staff_with_roles(organization_id=family.organization_id, roles=JOINING).filter(people)


FACILITATING = (Role.PRACTITIONER, Role.SUPERVISOR, Role.MANAGER)


@dataclass(frozen=True)
class VisitActions:
    """What the reader may do with the visit now, each decided here rather than in the page."""

    record: bool = False  # record it as held, or correct that record
    miss: bool = False
    cancel: bool = False
    reschedule: bool = False
    write_note: bool = False
    sign_note: bool = False
    add_addendum: bool = False
    link_work: bool = False  # give a screen or measure during it


def visit_actions(*, visit: Visit, page: VisitPage, actor: User, can_edit: bool, today: date) -> VisitActions:
    if not can_edit:
        return VisitActions()
    held = visit.status == VisitStatus.COMPLETED
    open_ = visit.status in TAKES_TIME
    scheduled = visit.status == VisitStatus.SCHEDULED
    leads = {visit.practitioner_id, *(p.pk for p in page.co_practitioners)}
    signed = page.note_is_signed
    return VisitActions(
        record=open_ and visit.visit_on <= today,
        miss=scheduled and visit.visit_on <= today,
        cancel=scheduled,
        reschedule=visit.status in (VisitStatus.SCHEDULED, VisitStatus.MISSED)
        and visit.rescheduled_to_id is None,
        write_note=open_ and not signed,
        sign_note=held and not signed and actor.pk in leads,
        add_addendum=signed,
        link_work=open_ and visit.visit_on <= today,
    )
