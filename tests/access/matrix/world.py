"""The world the matrix runs in, built once per module: the suite's personas and families, and in each of
three families (own, a colleague's, another organization's) one record of every kind a URL can name."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, replace

from django.conf import settings
from django.test import Client
from django.utils import timezone

from nestling.access.models import BreakGlassAccess, SensitiveGrant
from nestling.accounts.middleware import MFA_OK
from nestling.accounts.models import Role, RoleAssignment, StaffInvitation, Supervision, User
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
    subject_of,
)
from nestling.formulation.models import Formulation
from nestling.formulation.services import FormulationDraft, RelationshipDraft, formulation_create
from nestling.growth.models import Measurement
from nestling.organizations.models import Organization, Program
from nestling.pathways.models import FamilyPathway
from nestling.pathways.services import pathway_start
from nestling.plans.models import CarePlan, Goal, GoalProgress, ServiceType
from nestling.portal.models import QuestionnaireAssignment
from nestling.portal.principal import caregiver_principal
from nestling.portal.services.questionnaires import questionnaire_assign, questionnaire_submit
from nestling.referrals.models import LocalService, Referral
from nestling.referrals.services.referrals import ReferralDraft, referral_create
from nestling.screening.models import SafetyAlert, ScreeningResult
from nestling.staffing.services.invitations import invitation_token
from nestling.tasks.models import Task
from nestling.visits.models import GroupAttendance, GroupSession, Visit
from nestling.workforce.certificates import certificate_store
from nestling.workforce.models import RscSession, TrainingRecord
from nestling.worklist.services import calendar_feed_make
from tests.access.matrix.shapes import CAREGIVERS, SIGNED_IN
from tests.conftest import World, make_world
from tests.factories import families as make
from tests.factories import workforce
from tests.factories.accounts import UserFactory
from tests.factories.api import bearer, registered_client
from tests.factories.growth import MeasurementFactory
from tests.factories.organizations import ProgramFactory
from tests.factories.plans import CarePlanFactory, GoalFactory, GoalProgressFactory
from tests.factories.portal import PortalCaregiver, portal_caregiver
from tests.factories.screening import (
    FollowUpTaskFactory,
    SafetyAlertFactory,
    ScreeningResultFactory,
    answer_alert,
)
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
    # Safety: an alert already answered (with a risk and actions), whose response may be corrected.
    answered_alert: SafetyAlert | None = None
    # Referrals (referrals' block below): a service of the organization's directory, a referral to it
    # sharing the reason under a consent, and one to substance-use treatment, which no persona may see.
    local_service: LocalService | None = None
    referral: Referral | None = None
    hidden_referral: Referral | None = None
    portal: PortalRecords | None = None


@dataclass(frozen=True)
class MatrixWorld:
    people: World
    own: Records  # family A: the practitioner's, under the supervisor, in the manager's program
    colleagues: Records  # family C: the colleague's, whom nobody supervises
    foreign: Records  # family X: the outsider's, in another organization
    sessions: dict[str, str]  # persona -> the key of a session signed in with the second factor
    worklist: WorklistRecords
    workforce: WorkforceRecords
    staffing: StaffingRecords
    caregivers: CaregiverPersonas
    api: ApiRecords

    def persona(self, name: str) -> User:
        return self.caregivers.user(name) or self.people.persona(name)

    def unseen_families(self, persona: str) -> list[Family]:
        """The families whose records this persona may not see (by caseload, supervision or program)."""
        p = self.people
        seen = {
            "practitioner": (p.family_a, p.family_b),
            "supervisor": (p.family_a, p.family_b),
            "colleague": (p.family_c,),
            "manager": (p.family_a, p.family_b, p.family_c),
            "outsider": (p.family_x,),
            "caregiver": (p.family_a,),
            "other_caregiver": (p.family_a,),
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
    records = replace(
        records, formulation=_formulation(records, carer), answered_alert=_answered_alert(records, supervisor)
    )
    records = replace(records, portal=_portal_records(family, carer))
    return replace(records, **_referral_records(records, carer))


def _formulation(records: Records, carer: User) -> Formulation:
    """The child's formulation, version 1 (formulation's block of the world)."""
    # Axis II for the relationship: the finding a care-plan goal may name as what motivated it.
    rating = RelationshipDraft("rel", records.relationship.uuid, 2, "strength", "not_a_concern")
    draft = FormulationDraft(
        formulated_on=timezone.localdate(), occasion="intake", narrative="Synthetic", relationships=[rating]
    )
    return formulation_create(child=records.child, by=carer, draft=draft).formulation


# ---- Safety responses (screening) ---------------------------------------------------------------------


def _answered_alert(records: Records, supervisor: User | None) -> SafetyAlert:
    """A second alert of the same screen, answered by whoever carries the family an hour ago."""
    alert = SafetyAlertFactory(
        result=records.result, supervisor=supervisor, raised_at=timezone.now() - datetime.timedelta(hours=2)
    )
    return answer_alert(alert, alert.practitioner, at=timezone.now() - datetime.timedelta(hours=1))


def emergency_access(world: MatrixWorld, persona: str = "colleague") -> BreakGlassAccess:
    """Emergency access to the own family in force now for `persona` (the colleague, covering it)."""
    now = timezone.now()
    return BreakGlassAccess.objects.create(
        organization=world.own.family.organization,
        user=world.persona(persona),
        family=world.own.family,
        reason="Covering an open safety alert while the practitioner is away (synthetic)",
        started_at=now - datetime.timedelta(minutes=5),
        expires_at=now + datetime.timedelta(hours=4),
    )


# ---- Referrals ---------------------------------------------------------------------------------------


def _referral_records(records: Records, carer: User) -> dict[str, object]:
    """A service in the family's organization's directory, a referral of the caregiver to it after the
    PHQ-9, sent, sharing the reason under a consent to share information; and a referral to substance-use
    treatment, in a category no persona holds a grant for."""
    family, today = records.family, timezone.localdate()
    service = LocalService.objects.create(
        organization=family.organization,
        kind="adult_mental_health",
        name=f"Synthetic counselling {family.reference}",
        phone="555-0100",
    )
    consent = make.ConsentFactory(family=family, kind="data_sharing", recipient=service.name)
    draft = ReferralDraft(
        subject=subject_of(records.caregiver),
        reason="Synthetic reason",
        referred_on=today,
        expected_by=today + datetime.timedelta(14),
        service=service,
        from_result=records.result,
        shared=["reason"],
        consent=consent,
    )
    referral = referral_create(family=family, by=carer, draft=draft, send=True)
    hidden = Referral.objects.create(
        organization=family.organization,
        family=family,
        subject=subject_of(records.caregiver),
        service_name="Synthetic treatment program",
        service_kind="substance_use",
        reason="Synthetic",
        domain="substance_use",
        referred_on=today,
        expected_by=today + datetime.timedelta(14),
        status_on=today,
        sensitive_category="substance_use",
        created_by=carer,
    )
    return {"local_service": service, "referral": referral, "hidden_referral": hidden}


# ---------------------------------------------------------------------------------------------------------


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


# ---- The reflective workforce: training, RS/C sessions --------------------------------------------


@dataclass(frozen=True)
class WorkforceRecords:
    """The practitioner's training with a certificate, an RS/C session the supervisor held for them
    (discussing family A, which they serve, and family C, which they do not), one scheduled for today to
    hold or cancel, and the outsider's own sessions in their organization, held and scheduled."""

    training: TrainingRecord
    held: RscSession
    scheduled: RscSession
    foreign: RscSession
    foreign_scheduled: RscSession


def _workforce_records(people: World) -> WorkforceRecords:
    trained = workforce.training(people.practitioner)
    trained.certificate_key, trained.certificate_type = certificate_store(io.BytesIO(b"%PDF-1.4 synthetic"))
    trained.certificate_name = "certificate.pdf"
    trained.save(update_fields=["certificate_key", "certificate_type", "certificate_name"])
    held = workforce.rsc_session(
        people.supervisor, [people.practitioner], notes="Synthetic reflection notes, private"
    )
    held.families.set([people.family_a, people.family_c])
    scheduled = workforce.rsc_session(
        people.supervisor, [people.practitioner], days_ago=0, status="scheduled"
    )
    foreign = workforce.rsc_session(people.outsider, [people.outsider], notes="Synthetic, other organization")
    foreign_scheduled = workforce.rsc_session(
        people.outsider, [people.outsider], days_ago=0, status="scheduled"
    )
    return WorkforceRecords(
        training=trained, held=held, scheduled=scheduled, foreign=foreign, foreign_scheduled=foreign_scheduled
    )


# ---- Staffing: invitations, roles, supervision links and grants ------------------------------------


@dataclass(frozen=True)
class StaffingSide:
    """One organization's staffing records, on people who carry no family (so no persona's view of the
    families changes): an invited practitioner with an open link, a deactivated one, a supervision link
    between the two new people, and a sensitive-category grant."""

    invited: User
    invitation_token: str
    role_id: int  # the invited person's practitioner role
    deactivated: User
    link_id: int
    grant_uuid: str


@dataclass(frozen=True)
class StaffingRecords:
    own: StaffingSide
    foreign: StaffingSide
    used_token: str  # an invitation already accepted


def _staffing_side(organization: Organization, by: User, tag: str) -> StaffingSide:
    now = timezone.now()
    invited = UserFactory(
        organization=organization, email=f"invited-{tag}@staffing.test", roles=[Role.PRACTITIONER], totp=False
    )
    invited.set_unusable_password()
    invited.save(update_fields=["password"])
    invitation = StaffInvitation.objects.create(
        organization=organization,
        user=invited,
        invited_by=by,
        created_at=now,
        sent_at=now,
        expires_at=now + datetime.timedelta(days=7),
        nonce=f"{tag}-nonce",
    )
    deactivated = UserFactory(
        organization=organization, roles=[Role.PRACTITIONER, Role.SUPERVISOR], is_active=False
    )
    link = Supervision.objects.create(
        organization=organization,
        supervisor=deactivated,
        supervisee=invited,
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    grant = SensitiveGrant.objects.create(
        organization=organization,
        user=invited,
        category="child_protection",
        granted_by=by,
        expires_at=now + datetime.timedelta(days=30),
        reason="Synthetic grant for the matrix",
    )
    return StaffingSide(
        invited=invited,
        invitation_token=invitation_token(invitation),
        role_id=RoleAssignment.objects.get(user=invited, role=Role.PRACTITIONER).pk,
        deactivated=deactivated,
        link_id=link.pk,
        grant_uuid=str(grant.uuid),
    )


def _staffing_records(people: World) -> StaffingRecords:
    own = _staffing_side(people.org, people.admin, "own")
    foreign_org = people.outsider.organization
    foreign = _staffing_side(foreign_org, people.outsider, "foreign")
    joined = UserFactory(organization=people.org, email="joined@staffing.test")
    now = timezone.now()
    used = StaffInvitation.objects.create(
        organization=people.org,
        user=joined,
        invited_by=people.admin,
        created_at=now,
        sent_at=now,
        expires_at=now + datetime.timedelta(days=7),
        accepted_at=now,
        nonce="used-nonce",
    )
    return StaffingRecords(own=own, foreign=foreign, used_token=invitation_token(used))


# ---- The family portal and pathways (portal, pathways) ------------------------------------------------


@dataclass(frozen=True)
class PortalRecords:
    """In each family: a household portal consent, a caregiver with an account who is no persona (staff
    give them questionnaires and close their account), their questionnaire not yet sent, and the family
    on the example pathway with a baby born a month ago (its first questionnaire step reached)."""

    member: PortalCaregiver
    questionnaire: QuestionnaireAssignment
    pathway: FamilyPathway


def _portal_records(family: Family, carer: User) -> PortalRecords:
    today = timezone.localdate()
    make.ConsentFactory(family=family, kind="portal", given_by_other="")
    member = portal_caregiver(family, email=f"member-{family.reference.lower()}@home.test", invited_by=carer)
    baby = make.ChildFactory(family=family, date_of_birth=today - datetime.timedelta(days=30))
    return PortalRecords(
        member=member,
        questionnaire=questionnaire_assign(
            family=family, caregiver=member.caregiver, instrument="phq-9", by=carer
        ),
        pathway=pathway_start(family=family, pathway_key="pregnancy-to-three-months@1", child=baby, by=carer),
    )


@dataclass(frozen=True)
class CaregiverPersonas:
    """The caregiver (the mother) and the other caregiver (the father of the same child) of family A, each
    with their own portal consent and account (each added an authenticator app, as staff have, so the
    account pages answer them as they answer staff); her questionnaire to fill in, and one she sent."""

    mother: PortalCaregiver
    father: PortalCaregiver
    open_questionnaire: QuestionnaireAssignment
    sent_questionnaire: QuestionnaireAssignment

    def user(self, persona: str) -> User | None:
        return {"caregiver": self.mother.user, "other_caregiver": self.father.user}.get(persona)


def _caregiver_personas(people: World) -> CaregiverPersonas:
    family, carer = people.family_a, people.practitioner
    mother = portal_caregiver(
        family, email="caregiver@home.test", invited_by=carer, given_name="Mother", totp=True
    )
    father = portal_caregiver(
        family, email="other-caregiver@home.test", invited_by=carer, given_name="Father", totp=True
    )
    sent = questionnaire_assign(family=family, caregiver=mother.caregiver, instrument="phq-9", by=carer)
    principal = caregiver_principal(mother.user)
    assert principal is not None
    answers = {item: "0" for item in ("1", "2", "3", "4", "5", "6", "7", "8", "9", "difficulty")}
    questionnaire_submit(principal=principal, assignment=sent, answers=answers)
    sent.refresh_from_db()
    return CaregiverPersonas(
        mother=mother,
        father=father,
        open_questionnaire=questionnaire_assign(
            family=family, caregiver=mother.caregiver, instrument="phq-9", by=carer
        ),
        sent_questionnaire=sent,
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
        """The user's token; none for a caregiver (no API client acts for one)."""
        token = self.tokens.get(user.pk)
        return {"Authorization": token} if token else {}


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
        if persona in CAREGIVERS:
            continue  # a caregiver's own app is the portal; no API client acts for a caregiver
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
    own = _records(people.family_a, people.practitioner, people.colleague, people.supervisor)
    caregivers = _caregiver_personas(people)

    def persona(name: str) -> User:
        return caregivers.user(name) or people.persona(name)

    return MatrixWorld(
        people=people,
        own=own,
        colleagues=_records(people.family_c, people.colleague, people.practitioner, None),
        foreign=_records(people.family_x, people.outsider, people.outsider, None),
        sessions={name: _session(persona(name)) for name in SIGNED_IN},
        worklist=_worklist_records(people),
        workforce=_workforce_records(people),
        staffing=_staffing_records(people),
        caregivers=caregivers,
        api=_api_records(people),
    )
