"""What a caregiver reads in the portal, each read audited with the caregiver as the actor.

Only what is theirs or shared with them: the household's upcoming visits, the goals the practitioner
worded for them (goals about them, about a child, or about their own relationship with a child — never
another caregiver's), the children's growth in plain words, their own questionnaires, and the materials
of the family's pathway. Nothing of notes, formulations, risk factors, alerts or another caregiver."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import Child
from nestling.growth.models import Measurement, MeasurementKind
from nestling.pathways.materials import Material, material_get
from nestling.pathways.selectors import PathwayPosition, StepOn, pathways_open, position_of
from nestling.plans.models import Goal, GoalStatus
from nestling.portal.models import AssignmentStatus, PortalSettings, QuestionnaireAssignment
from nestling.portal.principal import CaregiverPrincipal
from nestling.visits.models import Visit, VisitStatus


def contact_lines(text: str) -> list[tuple[str, str]]:
    """The crisis contacts as (who, how to reach them), one a line written "who | how"."""
    rows = []
    for line in text.splitlines():
        who, bar, how = line.partition("|")
        if bar and who.strip() and how.strip():
            rows.append((who.strip(), how.strip()))
    return rows


def portal_settings_of(organization_id: int) -> PortalSettings:
    """The organization's portal settings, or the defaults (not saved) when the admin has set none."""
    found = PortalSettings.objects.filter(organization_id=organization_id).first()
    return found or PortalSettings(organization_id=organization_id)


def portal_read_audit(
    principal: CaregiverPrincipal, page: str, *, subject_type: str = "portal", subject_id: str = ""
) -> None:
    """One audit row per portal page read, naming the caregiver as the reader."""
    audit_record(
        actor=principal.user,
        action=AuditAction.READ,
        category="portal",
        subject_type=subject_type,
        subject_id=subject_id or str(principal.account.uuid),
        family_uuid=principal.family.uuid,
        detail={"page": page},
    )


@dataclass(frozen=True)
class ChildGrowth:
    child: Child
    lines: list[str]


def _growth_line(m: Measurement, name: str) -> str:
    on = date_format(m.measured_on, "j F Y")
    if m.kind == MeasurementKind.WEIGHT:
        return _("On %(on)s, %(name)s weighed %(value)s kg.") % {
            "on": on,
            "name": name,
            "value": number_format(m.value, 2, use_l10n=True),
        }
    if m.kind == MeasurementKind.HEAD_CIRCUMFERENCE:
        return _("On %(on)s, %(name)s's head measured %(value)s cm around.") % {
            "on": on,
            "name": name,
            "value": number_format(m.value, 1, use_l10n=True),
        }
    return _("On %(on)s, %(name)s was %(value)s cm long.") % {
        "on": on,
        "name": name,
        "value": number_format(m.value, 1, use_l10n=True),
    }


def children_growth(principal: CaregiverPrincipal) -> list[ChildGrowth]:
    """Each child's latest measurement of each kind, in plain words (two queries for every child)."""
    children = list(Child.objects.filter(family=principal.family))
    latest: dict[tuple[int, str], Measurement] = {}
    for m in Measurement.objects.latest_only().filter(child__in=children).order_by("measured_on", "pk"):
        latest[(m.child_id, m.kind)] = m
    rows = []
    for child in children:
        name = child.given_name or child.full_name
        if child.is_prenatal and child.due_date:
            lines = [
                _("%(name)s is expected around %(on)s.")
                % {"name": child.full_name, "on": date_format(child.due_date, "j F Y")}
            ]
        else:
            lines = [_growth_line(m, name) for (cid, _kind), m in sorted(latest.items()) if cid == child.pk]
            if not lines:
                lines = [_("No measurements yet.")]
        rows.append(ChildGrowth(child, lines))
    return rows


def goals_for(principal: CaregiverPrincipal) -> list[Goal]:
    """The active goals worded for this caregiver: about them, a child, or their own relationship."""
    own = (
        Q(subject__caregiver=principal.caregiver)
        | Q(subject__child__isnull=False)
        | Q(subject__relationship__caregiver=principal.caregiver)
    )
    return list(
        Goal.objects.filter(own, family=principal.family, status=GoalStatus.ACTIVE)
        .exclude(caregiver_wording="")
        .order_by("review_on", "pk")
    )


def visits_coming(principal: CaregiverPrincipal, today: date | None = None) -> list[Visit]:
    today = today or timezone.localdate()
    return list(
        Visit.objects.filter(family=principal.family, status=VisitStatus.SCHEDULED, visit_on__gte=today)
        .select_related("practitioner")
        .order_by("visit_on", "starts_at")[:10]
    )


def questionnaires_open(principal: CaregiverPrincipal) -> list[QuestionnaireAssignment]:
    return list(
        QuestionnaireAssignment.objects.filter(caregiver=principal.caregiver, status=AssignmentStatus.OPEN)
    )


@dataclass(frozen=True)
class StepQuestionnaire:
    """A questionnaire step of the pathway whose day has come, not yet started by this caregiver."""

    position: PathwayPosition
    step: StepOn


@dataclass
class PortalHome:
    positions: list[PathwayPosition] = field(default_factory=list)
    questionnaires: list[QuestionnaireAssignment] = field(default_factory=list)
    to_start: list[StepQuestionnaire] = field(default_factory=list)
    materials: list[tuple[StepOn, Material]] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    growth: list[ChildGrowth] = field(default_factory=list)


def portal_home(principal: CaregiverPrincipal, *, language: str) -> PortalHome:
    """Everything the caregiver's home page shows, read in a fixed number of queries."""
    positions = [
        p
        for on in pathways_open(principal.family)
        if (p := position_of(on, language=language, caregiver_only=True))
    ]
    open_ones = questionnaires_open(principal)
    started = set(
        QuestionnaireAssignment.objects.filter(caregiver=principal.caregiver)
        .exclude(step_key="")
        .values_list("step_key", flat=True)
    )
    home = PortalHome(positions=positions, questionnaires=open_ones)
    for position in positions:
        for step_on in position.reached:
            if step_on.step.kind == "questionnaire" and step_key(position, step_on) not in started:
                home.to_start.append(StepQuestionnaire(position, step_on))
            if step_on.step.kind == "material":
                material = material_get(step_on.step.material, language)
                if material is not None:
                    home.materials.append((step_on, material))
    home.visits = visits_coming(principal)
    home.goals = goals_for(principal)
    home.growth = children_growth(principal)
    portal_read_audit(principal, "home")
    return home


def step_key(position: PathwayPosition, step_on: StepOn) -> str:
    return f"{position.on.uuid}:{step_on.step.id}"


def pathway_materials(principal: CaregiverPrincipal, *, language: str) -> set[str]:
    """The slugs of materials on the family's pathways (a caregiver reads any shipped material; these
    are the ones their pathway has reached or will reach)."""
    return {
        s.step.material
        for on in pathways_open(principal.family)
        if (p := position_of(on, language=language, caregiver_only=True))
        for s in p.steps
        if s.step.kind == "material"
    }
