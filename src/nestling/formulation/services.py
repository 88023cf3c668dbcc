"""The one way a formulation is written: its first version, and each revision as a new version of the
whole formulation, checked as a whole (every problem at once), in one transaction with its audit rows.

Earlier versions are never changed. Two people revising from the same version cannot both win: the
revision moves the formulation's `latest_number` through the versioned write path, which refuses a stale
one (StaleEdit, naming who revised it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar
from uuid import UUID

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.policy import Action, granted_categories, require
from nestling.accounts.models import User
from nestling.families.models import Child, Relationship, RiskFactor, subject_of
from nestling.families.validation import happened_errors, onset_errors
from nestling.formulation.crosswalk import crosswalk_for, icd10_errors
from nestling.formulation.models import (
    COMPETENCY_DOMAINS,
    AdaptiveLevel,
    AxisFourStressor,
    AxisOneDiagnosis,
    AxisThreeCondition,
    AxisTwoRelationship,
    Certainty,
    Competence,
    Formulation,
    FormulationVersion,
    Occasion,
    Rating,
    Severity,
    StressorGroup,
)
from nestling.records.errors import RecordInvalid
from nestling.records.writes import already_created, record_insert, record_update
from nestling.workforce.models import StaffProfile

Errors = dict[str, list[str]]
T = TypeVar("T")


@dataclass(frozen=True)
class DiagnosisDraft:
    at: str  # the form's prefix for this row, which its errors are named by
    key: str
    certainty: str
    made_on: date | None


@dataclass(frozen=True)
class RelationshipDraft:
    at: str
    relationship: UUID
    level: int | None
    caregiving: str
    child_contributions: str
    note: str = ""


@dataclass(frozen=True)
class ConditionDraft:
    at: str
    text: str
    icd10: str = ""


@dataclass(frozen=True)
class StressorDraft:
    at: str
    group: str
    description: str
    onset_months: int | None
    duration: str = ""
    severity: str = ""
    risk_factor: UUID | None = None


@dataclass(frozen=True)
class FormulationDraft:
    """A whole formulation as the practitioner wrote it, before it is checked."""

    formulated_on: date | None
    occasion: str
    narrative: str = ""
    diagnoses: list[DiagnosisDraft] = field(default_factory=list)
    relationships: list[RelationshipDraft] = field(default_factory=list)
    environment_level: int | None = None
    coparenting: str = ""
    siblings: str = ""
    family_network: str = ""
    conditions: list[ConditionDraft] = field(default_factory=list)
    stressors: list[StressorDraft] = field(default_factory=list)
    competence: dict[str, str] = field(default_factory=dict)
    overall_impression: str = ""


def _given(value: T | None) -> T:
    """A value the check refused to be missing (so never None when a version is written)."""
    assert value is not None
    return value


def may_diagnose(user: User) -> bool:
    """Whether the user's staff profile says their discipline may diagnose."""
    return StaffProfile.objects.filter(user=user, may_diagnose=True).exists()


def _add(errors: Errors, more: Errors) -> None:
    for name, messages in more.items():
        errors.setdefault(name, []).extend(messages)


def _rating_errors(errors: Errors, name: str, value: str, choices: list[str], *, required: bool) -> None:
    if (value or required) and value not in choices:
        _add(errors, {name: [_("Choose one of the ratings.")]})


@dataclass
class _Checked:
    errors: Errors
    diagnoses: dict[str, tuple[str, str, str]]  # key -> group, name, code
    relationships: dict[UUID, Relationship]
    factors: dict[UUID, RiskFactor]


def _check(*, child: Child, by: User, draft: FormulationDraft) -> _Checked:
    errors: Errors = {}
    born = child.date_of_birth
    if born is None:
        errors[""] = [
            _("Record the child's birth before formulating: the axes are read against the child's age.")
        ]
    _add(errors, happened_errors("formulated_on", draft.formulated_on, born=born))
    if draft.occasion not in Occasion.values:
        errors["occasion"] = [_("Choose the occasion: intake, review or closing.")]
    # Axis I
    listed = {
        row.key: (row.group, row.name, row.icd10)
        for row in crosswalk_for(organization_id=child.organization_id, active_only=True)
    }
    diagnoser = None
    for dx in draft.diagnoses:
        if dx.key not in listed:
            errors[f"{dx.at}-key"] = [_("Choose a diagnosis from the list.")]
        if dx.certainty not in Certainty.values:
            errors[f"{dx.at}-certainty"] = [_("Say whether the diagnosis is provisional or confirmed.")]
        elif dx.certainty == Certainty.CONFIRMED:
            diagnoser = may_diagnose(by) if diagnoser is None else diagnoser
            if not diagnoser:
                errors[f"{dx.at}-certainty"] = [
                    _(
                        "Only a practitioner whose discipline may diagnose records a confirmed "
                        "diagnosis, and your staff profile does not say yours may. Record it as "
                        "provisional, or ask your program manager to mark your profile if your "
                        "discipline may diagnose."
                    )
                ]
        if dx.made_on is None:
            errors[f"{dx.at}-made_on"] = [_("Enter the date the diagnosis was made.")]
        else:
            _add(errors, happened_errors(f"{dx.at}-made_on", dx.made_on, born=born))
    keys = [dx.key for dx in draft.diagnoses]
    if len(keys) != len(set(keys)):
        _add(errors, {"": [_("A diagnosis is listed twice: keep it once.")]})
    # Axis II
    relationships = {r.uuid: r for r in Relationship.objects.filter(child=child, family_id=child.family_id)}
    for rel in draft.relationships:
        if rel.relationship not in relationships:
            _add(errors, {"": [_("A relationship rated here is not one of this child's. Reload the page.")]})
            continue
        if rel.level not in AdaptiveLevel.values:
            errors[f"{rel.at}-level"] = [_("Choose the level of adaptive functioning, 1 to 4.")]
        _rating_errors(errors, f"{rel.at}-caregiving", rel.caregiving, Rating.values, required=True)
        _rating_errors(
            errors, f"{rel.at}-child_contributions", rel.child_contributions, Rating.values, required=True
        )
    if draft.environment_level is not None and draft.environment_level not in AdaptiveLevel.values:
        errors["environment_level"] = [_("Choose the level of adaptive functioning, 1 to 4.")]
    for name in ("coparenting", "siblings", "family_network"):
        _rating_errors(errors, name, getattr(draft, name), Rating.values, required=False)
    # Axis III
    for condition in draft.conditions:
        if not condition.text.strip():
            errors[f"{condition.at}-text"] = [_("Name the condition (the code alone is not enough).")]
        _add(errors, icd10_errors(f"{condition.at}-icd10", condition.icd10))
    # Axis IV: a factor the reader may not see does not exist for them.
    granted = granted_categories(by, child.family)
    factors = {
        f.uuid: f
        for f in RiskFactor.objects.filter(family_id=child.family_id)
        if not f.sensitive_category or f.sensitive_category in granted
    }
    for stressor in draft.stressors:
        if stressor.group not in StressorGroup.values:
            errors[f"{stressor.at}-group"] = [_("Choose the group of the stressor.")]
        if stressor.risk_factor is not None and stressor.risk_factor not in factors:
            errors[f"{stressor.at}-risk_factor"] = [_("Choose one of the family's recorded risk factors.")]
        if not stressor.description.strip() and stressor.risk_factor is None:
            errors[f"{stressor.at}-description"] = [
                _("Describe the stressor, or choose a recorded risk factor.")
            ]
        if stressor.onset_months is None:
            errors[f"{stressor.at}-onset_months"] = [
                _("Enter the child's age in months when it began (0 from birth).")
            ]
        elif born is not None and draft.formulated_on is not None:
            _add(
                errors,
                onset_errors(
                    f"{stressor.at}-onset_months", stressor.onset_months, born=born, on=draft.formulated_on
                ),
            )
        if stressor.severity and stressor.severity not in Severity.values:
            errors[f"{stressor.at}-severity"] = [_("Choose mild, moderate or severe.")]
    # Axis V
    for name, _label in COMPETENCY_DOMAINS:
        _rating_errors(errors, name, draft.competence.get(name, ""), Competence.values, required=False)
    return _Checked(errors, listed, relationships, factors)


def _write_version(
    *,
    formulation: Formulation,
    number: int,
    child: Child,
    by: User,
    draft: FormulationDraft,
    checked: _Checked,
    client_id: UUID | None,
    carried: list[AxisFourStressor] | None = None,
) -> FormulationVersion:
    carried = carried or []
    assert draft.formulated_on is not None
    version = record_insert(
        FormulationVersion(
            organization_id=child.organization_id,
            client_id=client_id,
            created_by=by,
            formulation=formulation,
            number=number,
            formulated_on=draft.formulated_on,
            occasion=draft.occasion,
            narrative=draft.narrative.strip(),
            environment_level=draft.environment_level,
            coparenting=draft.coparenting,
            siblings=draft.siblings,
            family_network=draft.family_network,
            overall_impression=draft.overall_impression.strip(),
            **{name: draft.competence.get(name, "") for name, _label in COMPETENCY_DOMAINS},
        ),
        by=by,
        family=child.family,
        detail={"number": number, "child": str(child.uuid)},
    )
    AxisOneDiagnosis.objects.bulk_create(
        AxisOneDiagnosis(
            version=version,
            organization_id=version.organization_id,
            key=dx.key,
            group=checked.diagnoses[dx.key][0],
            name=checked.diagnoses[dx.key][1],
            icd10=checked.diagnoses[dx.key][2],
            certainty=dx.certainty,
            made_on=_given(dx.made_on),
            made_by=by,
        )
        for dx in draft.diagnoses
    )
    AxisTwoRelationship.objects.bulk_create(
        AxisTwoRelationship(
            version=version,
            organization_id=version.organization_id,
            relationship=checked.relationships[rel.relationship],
            level=_given(rel.level),
            caregiving=rel.caregiving,
            child_contributions=rel.child_contributions,
            note=rel.note.strip(),
        )
        for rel in draft.relationships
    )
    AxisThreeCondition.objects.bulk_create(
        AxisThreeCondition(
            version=version,
            organization_id=version.organization_id,
            text=c.text.strip(),
            icd10=c.icd10.strip().upper(),
        )
        for c in draft.conditions
    )
    stressors = []
    for s in draft.stressors:
        factor = checked.factors.get(s.risk_factor) if s.risk_factor is not None else None
        stressors.append(
            AxisFourStressor(
                version=version,
                organization_id=version.organization_id,
                group=s.group,
                description=s.description.strip() or (factor.description if factor else ""),
                onset_months=_given(s.onset_months),
                duration=s.duration.strip(),
                severity=s.severity,
                risk_factor=factor,
                sensitive_category=factor.sensitive_category if factor else "",
            )
        )
    # What the reviser may not see is not theirs to drop: it is carried into the new version unchanged.
    stressors.extend(
        AxisFourStressor(
            version=version,
            organization_id=version.organization_id,
            group=s.group,
            description=s.description,
            onset_months=s.onset_months,
            duration=s.duration,
            severity=s.severity,
            risk_factor_id=s.risk_factor_id,
            sensitive_category=s.sensitive_category,
        )
        for s in carried
    )
    AxisFourStressor.objects.bulk_create(stressors)
    return version


def formulation_create(
    *, child: Child, by: User, draft: FormulationDraft, client_id: UUID | None = None
) -> FormulationVersion:
    """The child's first formulation (version 1). A practitioner with the family on their caseload.

    Every problem with the draft is raised at once (RecordInvalid); a repeated submission with the same
    client id returns the version the first one made."""
    family = child.family
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(FormulationVersion, family=family, client_id=client_id)
    if existing is not None:
        return existing
    if Formulation.objects.filter(child=child).exists():
        raise RecordInvalid({"": [_("This child has a formulation already: revise it instead.")]})
    checked = _check(child=child, by=by, draft=draft)
    if checked.errors:
        raise RecordInvalid(checked.errors)
    assert draft.formulated_on is not None
    with transaction.atomic():
        formulation = record_insert(
            Formulation(
                organization_id=child.organization_id,
                created_by=by,
                family=family,
                child=child,
                subject=subject_of(child),
                latest_number=1,
                latest_on=draft.formulated_on,
            ),
            by=by,
            family=family,
        )
        return _write_version(
            formulation=formulation,
            number=1,
            child=child,
            by=by,
            draft=draft,
            checked=checked,
            client_id=client_id,
        )


def formulation_revise(
    *,
    formulation: Formulation,
    by: User,
    version: int,
    draft: FormulationDraft,
    client_id: UUID | None = None,
) -> FormulationVersion:
    """A new version of the whole formulation, from the one the practitioner read (`version`: the
    formulation's record version); earlier versions stay as they were. A stale revision raises StaleEdit."""
    child = formulation.child
    family = child.family
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(FormulationVersion, family=family, client_id=client_id)
    if existing is not None:
        return existing
    checked = _check(child=child, by=by, draft=draft)
    if checked.errors:
        raise RecordInvalid(checked.errors)
    latest = formulation.versions.order_by("-number").values_list("formulated_on", flat=True).first()
    if latest is not None and draft.formulated_on is not None and draft.formulated_on < latest:
        raise RecordInvalid(
            {
                "formulated_on": [
                    _("A revision is dated on or after the version it revises (%(day)s).")
                    % {"day": date_format(latest)}
                ]
            }
        )
    assert draft.formulated_on is not None
    granted = granted_categories(by, family)
    carried = [
        s
        for s in AxisFourStressor.objects.filter(
            version__formulation=formulation, version__number=formulation.latest_number
        ).exclude(sensitive_category="")
        if s.sensitive_category not in granted
    ]
    with transaction.atomic():
        current, _before = record_update(
            formulation,
            by=by,
            version=version,
            changes={"latest_number": formulation.latest_number + 1, "latest_on": draft.formulated_on},
            allowed=frozenset({"latest_number", "latest_on"}),
            family=family,
        )
        return _write_version(
            formulation=current,
            number=current.latest_number,
            child=child,
            by=by,
            draft=draft,
            checked=checked,
            client_id=client_id,
            carried=carried,
        )
