"""Reads of a child's formulation: its versions (each as it was written), two versions side by side, a
relationship's Axis II history, and the context offered beside the axes. Each reads in a fixed number of
queries, whatever the number of versions or rows.

A stressor of a sensitive category is left out, and counted, for a reader without the grant."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.policy import Action, granted_categories, require
from nestling.accounts.models import User
from nestling.families.models import Child, FactorKind, FactorStatus, Family, Relationship, RiskFactor
from nestling.formulation.models import (
    COMPETENCY_DOMAINS,
    AxisFourStressor,
    AxisTwoRelationship,
    Formulation,
    FormulationVersion,
)
from nestling.screening.models import ScreeningResult


@dataclass
class VersionView:
    """One version as the reader may see it."""

    version: FormulationVersion
    stressors: list[AxisFourStressor] = field(default_factory=list)
    left_out: int = 0  # stressors of categories the reader may not see

    @property
    def shown_categories(self) -> set[str]:
        return {s.sensitive_category for s in self.stressors} - {""}

    @property
    def competence(self) -> list[tuple[str, str]]:
        v = self.version
        return [
            (str(label), getattr(v, f"get_{name}_display")() or "—") for name, label in COMPETENCY_DOMAINS
        ]

    def sections(self) -> list[tuple[str, list[str]]]:
        """The version as lines under each axis: what the side-by-side comparison lines up."""
        v = self.version
        axis_one = [
            f"{d.name}{f' ({d.icd10})' if d.icd10 else ''} · {d.get_certainty_display()} · "
            f"{date_format(d.made_on)}"
            for d in v.diagnoses.all()
        ]
        axis_two = [
            _("%(caregiver)s: %(level)s · caregiving %(c)s, child's contributions %(k)s")
            % {
                "caregiver": r.relationship.caregiver.full_name,
                "level": r.get_level_display(),
                "c": r.get_caregiving_display().lower(),
                "k": r.get_child_contributions_display().lower(),
            }
            for r in v.relationships.all()
        ]
        if v.environment_level:
            axis_two.append(
                _("Caregiving environment: %(level)s") % {"level": v.get_environment_level_display()}
            )
        for name, label in (
            ("coparenting", _("Co-parenting")),
            ("siblings", _("Siblings")),
            ("family_network", _("Family network")),
        ):
            if getattr(v, name):
                axis_two.append(f"{label}: {getattr(v, f'get_{name}_display')()}")
        axis_three = [f"{c.text}{f' ({c.icd10})' if c.icd10 else ''}" for c in v.conditions.all()]
        axis_four = [
            _("%(group)s: %(description)s · from %(months)d months")
            % {"group": s.get_group_display(), "description": s.description, "months": s.onset_months}
            + (f" · {s.duration}" if s.duration else "")
            + (f" · {s.get_severity_display()}" if s.severity else "")
            for s in self.stressors
        ]
        if self.left_out:
            axis_four.append(_("%(count)d more you may not see") % {"count": self.left_out})
        axis_five = [f"{label}: {value}" for label, value in self.competence]
        if v.overall_impression:
            axis_five.append(_("Overall: %(text)s") % {"text": v.overall_impression})
        return [
            (_("Axis I · Clinical disorders"), axis_one),
            (_("Axis II · Relational context"), axis_two),
            (_("Axis III · Physical health conditions"), axis_three),
            (_("Axis IV · Psychosocial stressors"), axis_four),
            (_("Axis V · Developmental competence"), axis_five),
            (_("Narrative"), [v.narrative] if v.narrative else []),
        ]


def formulation_of(*, actor: User, child: Child) -> Formulation | None:
    """The child's formulation, if one was made."""
    require(actor, Action.FAMILY_VIEW, child.family)
    return Formulation.objects.filter(child=child).first()


def _versions(formulation: Formulation) -> QuerySet[FormulationVersion]:
    return (
        FormulationVersion.objects.filter(formulation=formulation)
        .select_related("created_by")
        .prefetch_related(
            "diagnoses__made_by",
            Prefetch(
                "relationships",
                queryset=AxisTwoRelationship.objects.select_related("relationship__caregiver"),
            ),
            "conditions",
            "stressors",
        )
        .order_by("number")
    )


def versions_of(
    *, actor: User, family: Family, formulation: Formulation, numbers: Sequence[int] | None = None
) -> list[VersionView]:
    """The formulation's versions (all, or those numbered), oldest first, as the reader may see them."""
    require(actor, Action.FAMILY_VIEW, family)
    granted = granted_categories(actor, family)
    rows = _versions(formulation)
    if numbers is not None:
        rows = rows.filter(number__in=list(numbers))
    views = []
    for row in rows:
        shown = [
            s for s in row.stressors.all() if not s.sensitive_category or s.sensitive_category in granted
        ]
        views.append(VersionView(row, shown, len(row.stressors.all()) - len(shown)))
    return views


@dataclass(frozen=True)
class ComparedSection:
    heading: str
    earlier: list[str]
    later: list[str]

    @property
    def changed(self) -> bool:
        return self.earlier != self.later


def compare(earlier: VersionView, later: VersionView) -> list[ComparedSection]:
    """Two versions' axes side by side, each section said changed or not."""
    return [
        ComparedSection(heading, a, b)
        for (heading, a), (_h, b) in zip(earlier.sections(), later.sections(), strict=True)
    ]


def axis_two_history(*, actor: User, relationship: Relationship) -> list[AxisTwoRelationship]:
    """The relationship's Axis II ratings in every version of the child's formulation, newest first."""
    require(actor, Action.FAMILY_VIEW, relationship.family)
    return list(
        AxisTwoRelationship.objects.filter(relationship=relationship)
        .select_related("version__created_by")
        .order_by("-version__number")
    )


def offered_factors(*, actor: User, child: Child) -> list[RiskFactor]:
    """The family's recorded risk factors (present or suspected) the reader may see, to offer as stressors."""
    family = child.family
    require(actor, Action.FAMILY_VIEW, family)
    granted = granted_categories(actor, family)
    rows = RiskFactor.objects.filter(family=family, kind=FactorKind.RISK).exclude(
        status=FactorStatus.RESOLVED
    )
    return [
        f
        for f in rows.select_related("caregiver", "child")
        if not f.sensitive_category or f.sensitive_category in granted
    ]


def recent_screening(*, actor: User, child: Child, limit: int = 5) -> list[ScreeningResult]:
    """The child's latest screening results the reader may see: context beside Axis V."""
    family = child.family
    require(actor, Action.FAMILY_VIEW, family)
    granted = granted_categories(actor, family)
    rows = ScreeningResult.objects.filter(
        family=family, subject_id=child.uuid, entered_in_error_at__isnull=True
    ).order_by("-administered_on", "-pk")[: limit * 2]
    return [r for r in rows if not r.sensitive_category or r.sensitive_category in granted][:limit]
