"""Reads of the program measures: a period's table, the dashboard (this period against the last and the
trend by month), and the families behind a number. Each reads the scope's facts once, in a fixed number
of queries, and is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from nestling.access.denials import AccessDenied
from nestling.access.policy import can_see_category, granted_categories, visibility_q
from nestling.audit.models import AuditAction
from nestling.audit.services import AuditEntry, audit_record, audit_record_many
from nestling.families.models import Family
from nestling.reports.measures.definitions import BY_KEY, MEASURES, Measure
from nestling.reports.measures.engine import EXCLUSIONS, NO_FAMILIES, Evaluation, evaluate_months, plan
from nestling.reports.measures.facts import Facts
from nestling.reports.measures.periods import Period, month_of
from nestling.reports.scope import Scope, scope_families
from nestling.reports.sources import facts_load

TREND_MONTHS = 12
PARTS = ("met", "not_met", "denominator", *EXCLUSIONS)
DRILL_LIMIT = 500  # families listed at most: a longer list is narrowed by practitioner or period


def scope_facts(
    scope: Scope, measures: tuple[Measure, ...] = MEASURES, *, today: date | None = None
) -> Facts:
    return facts_load(
        families=scope_families(scope),
        program_id=scope.program.pk,
        plan=plan(measures),
        today=today or timezone.localdate(),
    )


@dataclass(frozen=True)
class MeasureRow:
    """One measure for a period, the one before, and its months."""

    current: Evaluation
    previous: Evaluation
    trend: tuple[Evaluation, ...] = ()

    @property
    def measure(self) -> Measure:
        return self.current.measure

    @property
    def change(self) -> float | None:
        """This period's rate less the last one's, in percentage points."""
        if self.current.rate is None or self.previous.rate is None:
            return None
        return (self.current.rate - self.previous.rate) * 100


def trend_months(period: Period) -> tuple[Period, ...]:
    """The twelve months up to the period's end."""
    months = [month_of(period.end)]
    while len(months) < TREND_MONTHS:
        months.insert(0, month_of(months[0].start - timedelta(days=1)))
    return tuple(months)


def measure_table(
    scope: Scope,
    period: Period,
    *,
    with_previous: bool = True,
    with_trend: bool = False,
    today: date | None = None,
) -> list[MeasureRow]:
    """Every shipped measure for the scope and period, with the period before (and the trend by month);
    without the period before (the funder's table), its row repeats the period's own figures."""
    facts = scope_facts(scope, today=today)
    months = trend_months(period) if with_trend else ()
    before = [period.previous()] if with_previous else []
    rows = []
    for measure in MEASURES:
        evaluations = evaluate_months(measure, facts, [period, *before, *months])
        previous = evaluations[1] if with_previous else evaluations[0]
        rows.append(MeasureRow(evaluations[0], previous, tuple(evaluations[1 + len(before) :])))
    audit_record(
        actor=scope.actor,
        action=AuditAction.READ,
        category="report",
        organization_id=scope.actor.organization_id,
        subject_type="measures",
        subject_id=str(scope.program.uuid),
        detail={
            "scope": scope.kind,
            "period": period.key,
            "measures": [row.measure.ref for row in rows],
            "families": len({e.family_id for e in facts.episodes}),
        },
    )
    return rows


@dataclass(frozen=True)
class DrillRow:
    family: Family
    units: int  # how many of the measure's units this family has in the part (two children, three visits)


@dataclass(frozen=True)
class Drilldown:
    measure: Measure
    period: Period
    part: str
    rows: tuple[DrillRow, ...]
    total: int  # families in the part, before the limit


def measure_families(
    scope: Scope, *, measure_key: str, period: Period, part: str, today: date | None = None
) -> Drilldown:
    """The families behind one number of one measure: those who met it, did not, or were excluded for a
    reason. Only families the reader may open are listed (the scope is a subset of what they see); a
    measure in a sensitive category is drilled into only with a grant for it. Each family listed is a
    read of it, audited."""
    measure = BY_KEY.get(measure_key)
    actor = scope.actor
    if measure is None or not measure.recorded or part not in PARTS or measure.population in NO_FAMILIES:
        raise AccessDenied(
            actor=actor, action="report.drill", category="report", organization_id=actor.organization_id
        )
    if measure.sensitive_category and not can_see_category(actor, measure.sensitive_category):
        raise AccessDenied(
            actor=actor,
            action="report.drill",
            category=measure.sensitive_category,
            subject_type="measure",
            subject_id=measure.ref,
            organization_id=actor.organization_id,
        )
    facts = scope_facts(scope, (measure,), today=today)
    evaluation = evaluate_months(measure, facts, [period])[0]
    units: dict[int, int] = {}
    if part == "met":
        chosen = evaluation.numerator
    elif part == "not_met":
        chosen = tuple(u for u in evaluation.denominator if not u.met)
    elif part == "denominator":
        chosen = evaluation.denominator
    else:
        chosen = tuple(u for u in evaluation.excluded if u.excluded == part)
    # A unit whose record is in a sensitive category (an IPV referral) counts in the numbers, but its
    # family is listed only to a reader with the grant for it.
    granted = granted_categories(actor) if any(unit.category for unit in chosen) else frozenset()
    for unit in chosen:
        if unit.category and unit.category not in granted:
            continue
        units[unit.family_id] = units.get(unit.family_id, 0) + 1
    visible = visibility_q(actor)
    families = (
        list(Family.objects.filter(visible, pk__in=list(units)).order_by("name", "pk")[:DRILL_LIMIT])
        if visible is not None and units
        else []
    )
    audit_record_many(
        actor=actor,
        action=AuditAction.READ,
        entries=[
            AuditEntry(
                "family",
                "family",
                family.uuid,
                family.uuid,
                detail={"measure": measure.ref, "period": period.key, "part": part},
            )
            for family in families
        ]
        or [AuditEntry("report", "measure", measure.ref, detail={"period": period.key, "part": part})],
        organization_id=actor.organization_id,
    )
    return Drilldown(
        measure, period, part, tuple(DrillRow(f, units[f.pk]) for f in families), total=len(units)
    )
