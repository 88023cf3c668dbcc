"""Links from a care-plan goal to the axis finding that motivated it: offered from the latest version of
the formulation of the child the goal concerns (the goal's child, the relationship's child, or for a
caregiver's goal every child of the family); one link a goal, changed by version."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.policy import Action, granted_categories, require, require_category, shown_to
from nestling.accounts.models import User
from nestling.families.models import Caregiver, Child, Relationship
from nestling.formulation.models import (
    AxisFourStressor,
    AxisOneDiagnosis,
    AxisTwoRelationship,
    FormulationVersion,
    GoalFinding,
)
from nestling.plans.models import Goal
from nestling.records.errors import RecordInvalid
from nestling.records.writes import record_insert, record_update

Finding = AxisOneDiagnosis | AxisTwoRelationship | AxisFourStressor


def finding_key(finding: Finding) -> str:
    kind = {AxisOneDiagnosis: "diagnosis", AxisTwoRelationship: "relationship", AxisFourStressor: "stressor"}
    return f"{kind[type(finding)]}:{finding.pk}"


def finding_words(finding: Finding) -> str:
    """One line naming a finding, its axis and the version it is of."""
    version = finding.version
    of = _("%(child)s, version %(number)d of %(on)s") % {
        "child": version.formulation.child.full_name,
        "number": version.number,
        "on": date_format(version.formulated_on, "j M Y"),
    }
    if isinstance(finding, AxisOneDiagnosis):
        what = _("Axis I: %(name)s") % {"name": finding.name}
    elif isinstance(finding, AxisTwoRelationship):
        what = _("Axis II: %(relationship)s, level %(level)s") % {
            "relationship": finding.relationship.caregiver.full_name,
            "level": finding.get_level_display(),
        }
    else:
        what = _("Axis IV: %(description)s") % {"description": finding.description}
    return f"{what} ({of})"


def _children(goal: Goal) -> list[Child]:
    person = goal.subject.person
    if isinstance(person, Child):
        return [person]
    if isinstance(person, Relationship):
        return [person.child]
    assert isinstance(person, Caregiver)
    return list(Child.objects.filter(family=goal.family))


def finding_options(*, actor: User, goal: Goal) -> list[Finding]:
    """The findings of the latest formulation of each child the goal concerns, of those the reader may
    see (four queries)."""
    require(actor, Action.FAMILY_VIEW, goal.family)
    granted = granted_categories(actor, goal.family)
    versions = list(
        FormulationVersion.objects.filter(formulation__child__in=_children(goal)).select_related(
            "formulation__child"
        )
    )
    latest = [v for v in versions if v.number == v.formulation.latest_number]
    options: list[Finding] = []
    options += AxisOneDiagnosis.objects.filter(version__in=latest).select_related(
        "version__formulation__child"
    )
    options += AxisTwoRelationship.objects.filter(version__in=latest).select_related(
        "version__formulation__child", "relationship__caregiver"
    )
    options += [
        s
        for s in AxisFourStressor.objects.filter(version__in=latest).select_related(
            "version__formulation__child"
        )
        if shown_to(s, granted)
    ]
    return options


def goal_finding_of(*, goal: Goal) -> GoalFinding | None:
    return (
        GoalFinding.objects.filter(goal=goal)
        .select_related(
            "diagnosis__version__formulation__child",
            "relationship_rating__version__formulation__child",
            "relationship_rating__relationship__caregiver",
            "stressor__version__formulation__child",
        )
        .first()
    )


def goal_finding_set(
    *, goal: Goal, by: User, finding: Finding | None, version: int | None
) -> GoalFinding | None:
    """Say which finding motivated the goal (None: none). The finding must be one offered for it; a
    change is made from the link's `version` (StaleEdit names the other change)."""
    family = goal.family
    require(by, Action.FAMILY_EDIT, family)
    if finding is not None:
        if finding_key(finding) not in {finding_key(f) for f in finding_options(actor=by, goal=goal)}:
            raise RecordInvalid(
                {"finding": [_("Choose a finding of the latest formulation of this goal's child.")]}
            )
        require_category(
            by,
            getattr(finding, "sensitive_category", ""),
            family,
            action="goal.finding",
            subject_type="goal",
            subject_id=goal.uuid,
        )
    values = {
        "diagnosis": finding if isinstance(finding, AxisOneDiagnosis) else None,
        "relationship_rating": finding if isinstance(finding, AxisTwoRelationship) else None,
        "stressor": finding if isinstance(finding, AxisFourStressor) else None,
    }
    current = GoalFinding.objects.filter(goal=goal).first()
    with transaction.atomic():
        if current is None:
            if finding is None:
                return None
            return record_insert(
                GoalFinding(
                    organization_id=family.organization_id, goal=goal, family=family, created_by=by, **values
                ),
                by=by,
                family=family,
                detail={"goal": str(goal.uuid), "finding": finding_key(finding)},
            )
        updated, _before = record_update(
            current,
            by=by,
            version=version or current.version,
            changes=values,
            allowed=frozenset(values),
            family=family,
        )
    return updated


@dataclass(frozen=True)
class LinkedGoal:
    goal: Goal
    finding: Finding
    words: str


def goals_motivated_by(*, actor: User, version: FormulationVersion) -> list[LinkedGoal]:
    """The goals whose motivating finding is one of this version's (one query)."""
    require(actor, Action.FAMILY_VIEW, version.formulation.family)
    granted = granted_categories(actor, version.formulation.family)
    of_version = (
        Q(diagnosis__version=version) | Q(relationship_rating__version=version) | Q(stressor__version=version)
    )
    rows = GoalFinding.objects.filter(of_version).select_related(
        "goal",
        "diagnosis__version__formulation__child",
        "relationship_rating__version__formulation__child",
        "relationship_rating__relationship__caregiver",
        "stressor__version__formulation__child",
    )
    return [
        LinkedGoal(goal=row.goal, finding=finding, words=finding_words(finding))
        for row in rows
        if (finding := row.finding) is not None and shown_to(row, granted)
    ]
