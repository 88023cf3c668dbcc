"""The world the matrix runs in, built once per module: the suite's personas and families, and in each of
three families (own, a colleague's, another organization's) one record of every kind a URL can name."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.conf import settings
from django.test import Client
from django.utils import timezone

from nestling.access.models import BreakGlassAccess
from nestling.accounts.middleware import MFA_OK
from nestling.accounts.models import User
from nestling.api.models import ApiClient, ClientKind
from nestling.families.models import (
    Caregiver,
    Child,
    Consent,
    Enrollment,
    Family,
    HouseholdMembership,
    Relationship,
    RiskFactor,
)
from nestling.formulation.models import Formulation
from nestling.formulation.services import FormulationDraft, formulation_create
from nestling.growth.models import Measurement
from nestling.organizations.models import Program
from nestling.plans.models import CarePlan, Goal, GoalProgress, ServiceType
from nestling.screening.models import SafetyAlert, ScreeningResult
from nestling.tasks.models import Task
from nestling.visits.models import GroupAttendance, GroupSession, Visit
from nestling.worklist.services import calendar_feed_make
from tests.access.matrix.shapes import SIGNED_IN
from tests.conftest import World, make_world
from tests.factories import families as make
from tests.factories.api import bearer, registered_client
from tests.factories.growth import MeasurementFactory
from tests.factories.organizations import ProgramFactory
from tests.factories.plans import CarePlanFactory, GoalFactory, GoalProgressFactory
from tests.factories.screening import FollowUpTaskFactory, SafetyAlertFactory, ScreeningResultFactory
from tests.factories.visits import (
    GroupAttendanceFactory,
    GroupSessionFactory,
    VisitFactory,
    VisitNoteFactory,
)


@dataclass(frozen=True)
class VisitRecords:
    """Visits of the family by its practitioner, and its program's groups they facilitate."""

    scheduled: Visit  # today at 10:00: to record, miss, cancel or reschedule
    held: Visit  # this morning, recorded as held, with no note yet: to draft and sign one
    signed: Visit  # yesterday, held, its note signed: to add an addendum
    session: GroupSession  # three days ago, with the family's attendance
    attendance: GroupAttendance
    open_session: GroupSession  # yesterday, nobody's attendance recorded yet


def _visit_records(family: Family, carer: User, caregiver: Caregiver) -> VisitRecords:
    today = timezone.localdate()
    held = VisitFactory(family=family, practitioner=carer, starts_at=datetime.time(8, 0), status="completed")
    signed = VisitFactory(
        family=family, practitioner=carer, visit_on=today - datetime.timedelta(days=1), status="completed"
    )
    VisitNoteFactory(visit=signed, signed=True)
    session = GroupSessionFactory(program=family.program, facilitators=[carer])
    return VisitRecords(
        scheduled=VisitFactory(family=family, practitioner=carer),
        held=held,
        signed=signed,
        session=session,
        attendance=GroupAttendanceFactory(session=session, family=family, present=[caregiver]),
        open_session=GroupSessionFactory(
            program=family.program, facilitators=[carer], held_on=today - datetime.timedelta(days=1)
        ),
    )


@dataclass(frozen=True)
class Records:
    """One family and a record of every kind inside it."""

    family: Family
    program: Program
    other_program: Program  # of the same organization, which the family is not enrolled in
    caregiver: Caregiver
    child: Child
    unborn: Child
    relationship: Relationship
    membership: HouseholdMembership
    enrollment: Enrollment
    consent: Consent
    factor: RiskFactor
    hidden_factor: RiskFactor  # substance use: no persona holds a grant for it
    result: ScreeningResult  # a PHQ-9 whose item 9 raised a safety alert
    alert: SafetyAlert
    clean_result: ScreeningResult  # no alert, so it may be marked entered in error
    alcohol_result: ScreeningResult  # an AUDIT-C: substance use, which no persona holds a grant for
    follow_up: Task
    measurement: Measurement
    glass: BreakGlassAccess  # an expired emergency access to this family, for the privacy officer to review
    plan: CarePlan
    goal: Goal  # of the relationship, with a rating
    progress: GoalProgress
    service_type: ServiceType  # one of the organization's own
    visits: VisitRecords
    # Formulation: the child's, in one version (made by whoever carries the family).
    formulation: Formulation | None = None


@dataclass(frozen=True)
class MatrixWorld:
    people: World
    own: Records  # family A: the practitioner's, under the supervisor, in the manager's program
    colleagues: Records  # family C: the colleague's, whom nobody supervises
    foreign: Records  # family X: the outsider's, in another organization
    sessions: dict[str, str]  # persona -> the key of a session signed in with the second factor
    worklist: WorklistRecords
    api: ApiRecords

    def persona(self, name: str) -> User:
        return self.people.persona(name)

    def unseen_families(self, persona: str) -> list[Family]:
        """The families whose records this persona may not see (by caseload, supervision or program)."""
        p = self.people
        seen = {
            "practitioner": (p.family_a, p.family_b),
            "supervisor": (p.family_a, p.family_b),
            "colleague": (p.family_c,),
            "manager": (p.family_a, p.family_b, p.family_c),
            "outsider": (p.family_x,),
        }.get(persona, ())
        return [f for f in (p.family_a, p.family_b, p.family_c, p.family_x) if f not in seen]

    def sign_in(self, client: Client, persona: str) -> None:
        """What the suite's `signed_in` does, with a session made once for the module."""
        client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[persona]


# ---- The care plan (plans) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRecords:
    plan: CarePlan
    goal: Goal
    progress: GoalProgress
    service_type: ServiceType


def _plan_records(family: Family, relationship: Relationship, carer: User) -> PlanRecords:
    """A care plan with a goal of the relationship rated once, and a service type of the family's
    organization's own. The plan is on no episode, so that starting a plan (on the open episode) succeeds."""
    plan = CarePlanFactory(family=family)
    goal = GoalFactory(plan=plan, about=relationship, responsible=carer)
    return PlanRecords(
        plan=plan,
        goal=goal,
        progress=GoalProgressFactory(goal=goal, rated_by=carer),
        service_type=ServiceType.objects.create(
            organization=family.organization,
            code=f"synthetic-{family.reference.lower()}",
            name=f"Synthetic service {family.reference}",
        ),
    )


# ---------------------------------------------------------------------------------------------------------


def _records(family: Family, carer: User, glass_user: User, supervisor: User | None) -> Records:
    """Records of `family`, screened by `carer` (who carries it), its alerts sent to `supervisor`."""
    today = timezone.localdate()
    caregiver = make.CaregiverFactory(family=family)
    child = make.ChildFactory(family=family, sex="female")
    result = ScreeningResultFactory(family=family, caregiver=caregiver, administered_by=carer)
    positive = ScreeningResultFactory(
        family=family, caregiver=caregiver, administered_by=carer, positive=True, flags=[]
    )
    relationship = make.RelationshipFactory(family=family, caregiver=caregiver, child=child)
    plans = _plan_records(family, relationship, carer)
    records = Records(
        family=family,
        program=family.program,
        other_program=ProgramFactory(organization=family.organization),
        caregiver=caregiver,
        child=child,
        unborn=make.ChildFactory(family=family, date_of_birth=None, due_date=today + datetime.timedelta(30)),
        relationship=relationship,
        membership=make.HouseholdMembershipFactory(family=family, caregiver=caregiver),
        enrollment=make.EnrollmentFactory(family=family),
        consent=make.ConsentFactory(family=family),
        factor=make.RiskFactorFactory(family=family),
        hidden_factor=make.RiskFactorFactory(family=family, sensitive_category="substance_use"),
        result=result,
        alert=SafetyAlertFactory(result=result, supervisor=supervisor),
        clean_result=ScreeningResultFactory(
            family=family, caregiver=caregiver, administered_by=carer, flags=[]
        ),
        alcohol_result=ScreeningResultFactory(
            family=family,
            caregiver=caregiver,
            administered_by=carer,
            instrument="audit-c",
            definition="audit-c@1",
            answers=[0, 0, 0],
            total=0,
            band="negative",
            flags=[],
            context={"sex": "female"},
        ),
        follow_up=FollowUpTaskFactory(result=positive),
        measurement=MeasurementFactory(child=child, measured_by=carer),
        glass=BreakGlassAccess.objects.create(
            organization=family.organization,
            user=glass_user,
            family=family,
            reason="covering a crisis visit today",
            started_at=timezone.now() - datetime.timedelta(days=2),
            expires_at=timezone.now() - datetime.timedelta(days=1),
        ),
        plan=plans.plan,
        goal=plans.goal,
        progress=plans.progress,
        service_type=plans.service_type,
        visits=_visit_records(family, carer, caregiver),
    )
    return replace(records, formulation=_formulation(records, carer))


def _formulation(records: Records, carer: User) -> Formulation:
    """The child's formulation, version 1 (formulation's block of the world)."""
    draft = FormulationDraft(formulated_on=timezone.localdate(), occasion="intake", narrative="Synthetic")
    return formulation_create(child=records.child, by=carer, draft=draft).formulation


def _session(user: User) -> str:
    client = Client()
    client.force_login(user)
    session = client.session
    session[MFA_OK] = True
    session.save()
    assert session.session_key is not None
    return session.session_key


# ---- The worklist, the week and the calendar feed -------------------------------------------------


@dataclass(frozen=True)
class WorklistRecords:
    """Visits on the practitioner's week (one done two days ago, still without a note; one tomorrow), and
    their calendar feed: the token in use and one stopped."""

    undocumented: Visit
    next_visit: Visit
    feed_token: str
    stopped_token: str


def _worklist_records(people: World) -> WorklistRecords:
    today = timezone.localdate()
    family, practitioner = people.family_a, people.practitioner
    stopped = calendar_feed_make(user=practitioner)
    return WorklistRecords(
        undocumented=VisitFactory(
            family=family,
            practitioner=practitioner,
            visit_on=today - datetime.timedelta(2),
            status="completed",
        ),
        next_visit=VisitFactory(
            family=family, practitioner=practitioner, visit_on=today + datetime.timedelta(1)
        ),
        feed_token=calendar_feed_make(user=practitioner),  # making it stopped the one before
        stopped_token=stopped,
    )


# ---- The API: its clients and a token of each kind --------------------------------------------------


@dataclass(frozen=True)
class ApiRecords:
    """An app of each organization acting for staff, with an authorization-code token for every signed-in
    persona (every scope: the policy alone decides); and a system integration of each organization, with
    its client-credentials token."""

    own_app: ApiClient
    foreign_app: ApiClient
    tokens: dict[int, str]  # user id -> "Bearer …"
    integration: ApiClient
    integration_token: str
    foreign_integration: ApiClient
    foreign_integration_token: str

    def header(self, user: User) -> dict[str, str]:
        return {"Authorization": self.tokens[user.pk]}


def _api_records(people: World) -> ApiRecords:
    own_app, _secret = registered_client(organization_id=people.org.pk, admin=people.admin)
    foreign_app, _secret = registered_client(organization_id=people.family_x.organization_id)
    integration, _secret = registered_client(
        organization_id=people.org.pk, kind=ClientKind.INTEGRATION, admin=people.admin
    )
    foreign_integration, _secret = registered_client(
        organization_id=people.family_x.organization_id, kind=ClientKind.INTEGRATION
    )
    tokens = {}
    for persona in SIGNED_IN:
        user = people.persona(persona)
        app = own_app if user.organization_id == people.org.pk else foreign_app
        tokens[user.pk] = bearer(app, user=user)
    return ApiRecords(
        own_app=own_app,
        foreign_app=foreign_app,
        tokens=tokens,
        integration=integration,
        integration_token=bearer(integration),
        foreign_integration=foreign_integration,
        foreign_integration_token=bearer(foreign_integration),
    )


# ---------------------------------------------------------------------------------------------------------


def make_matrix_world() -> MatrixWorld:
    people = make_world()
    return MatrixWorld(
        people=people,
        own=_records(people.family_a, people.practitioner, people.colleague, people.supervisor),
        colleagues=_records(people.family_c, people.colleague, people.practitioner, None),
        foreign=_records(people.family_x, people.outsider, people.outsider, None),
        sessions={persona: _session(people.persona(persona)) for persona in SIGNED_IN},
        worklist=_worklist_records(people),
        api=_api_records(people),
    )
