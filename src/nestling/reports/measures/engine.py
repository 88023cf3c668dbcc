"""The measure engine: a definition and the facts of a program in, its numerator, denominator and
exclusions for a period out. Pure Python, no Django.

`plan` compiles the definitions to the sources they read (one query per source for a whole program,
shared by every measure, never one per family). `units` turns a definition into its countable units
— a caregiver's window, a birth, a child at an age, a visit — each placed on the date that puts it in a
period, met or not, or excluded with a reason; `evaluate` tallies them for one period, `evaluate_months`
for each month of one, reading the facts once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from nestling.families.age import add_months
from nestling.reports.measures.definitions import Measure
from nestling.reports.measures.facts import ChildFact, EpisodeFact, Facts
from nestling.reports.measures.periods import Period
from nestling.reports.measures.service_units import (
    alerts_raised,
    positive_screens_referred,
    practitioner_months,
    referrals_after_positive_screen,
    referrals_first_contact,
)
from nestling.reports.measures.unit import Unit

# The longest a pregnancy runs: a birth this long after enrollment was a pregnancy at enrollment.
PRENATAL_SPAN_DAYS = 42 * 7

EXCLUSIONS = (
    "window_open",  # the window has not closed yet
    "discharged_in_window",  # left care before the window closed, not having been screened
    "gestation_not_recorded",  # a birth without its gestation: preterm or not is unknown
    "enrolled_at_term",  # enrolled at 37+0 weeks or later: outside the preterm measure
    "in_care_under_min_days",  # too few days in care to expect it yet
    "rescheduled",  # moved to another date: counted on that date
    "not_yet_due",  # planned for a day still to come
)

SOURCES_OF = {
    "caregivers_after_enrollment": ("episodes", "children", "screens"),
    "births_after_prenatal_enrollment": ("episodes", "children"),
    "births_to_prenatal_enrollees": ("episodes", "children"),
    "children_at_intervals": ("episodes", "children", "screens"),
    "postnatal_visits": ("children", "visits", "screens"),
    "planned_visits": ("visits",),
    "families_in_care_at_end": ("episodes", "goals"),
    "referrals_after_positive_screen": ("referrals",),
    "positive_screens_referred": ("screens", "referrals"),
    "referrals_first_contact": ("referrals",),
    "alerts_raised": ("alerts",),
    "practitioner_months": ("caseloads", "rsc"),
}
# Populations counted on one day of the period (its last), not spread over it.
SNAPSHOTS = frozenset({"families_in_care_at_end"})
# Populations whose units are met only once something happened (`Unit.met_on`): in a period, only if it
# happened by the period's end.
MET_BY_PERIOD_END = frozenset({"referrals_after_positive_screen", "positive_screens_referred"})
# Populations whose units are not a family's (a practitioner's month): no families behind the number.
NO_FAMILIES = frozenset({"practitioner_months"})
STATISTICS = ("rate", "median", "mean")


@dataclass(frozen=True)
class QueryPlan:
    sources: frozenset[str]
    instruments: frozenset[str]  # the screens worth reading


def plan(measures: Iterable[Measure]) -> QueryPlan:
    """What the evaluable measures read, all together."""
    sources: set[str] = set()
    instruments: set[str] = set()
    for measure in measures:
        if not measure.recorded:
            continue
        sources.update(SOURCES_OF[measure.population])
        instruments.update(measure.instruments)
    return QueryPlan(frozenset(sources), frozenset(instruments))


@dataclass(frozen=True)
class Evaluation:
    measure: Measure
    period: Period
    recorded: bool
    denominator: tuple[Unit, ...] = ()
    excluded: tuple[Unit, ...] = ()

    @property
    def numerator(self) -> tuple[Unit, ...]:
        return tuple(unit for unit in self.denominator if unit.met)

    @property
    def numerator_count(self) -> int | None:
        return len(self.numerator) if self.recorded else None

    @property
    def denominator_count(self) -> int | None:
        return len(self.denominator) if self.recorded else None

    @property
    def rate(self) -> float | None:
        """The share met, 0–1; None when not recorded, nobody is in the denominator, or the measure is a
        median (every unit counted is one the median is taken of)."""
        if not self.recorded or not self.denominator or self.measure.statistic == "median":
            return None
        return len(self.numerator) / len(self.denominator)

    @property
    def value(self) -> float | None:
        """A median or mean measure's figure (days, hours) over the denominator; None for a rate, or
        when nobody is counted."""
        if not self.recorded or not self.denominator or self.measure.statistic == "rate":
            return None
        values = [unit.value for unit in self.denominator]
        return float(median(values)) if self.measure.statistic == "median" else sum(values) / len(values)

    def exclusion_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for unit in self.excluded:
            counts[unit.excluded] += 1
        return {code: counts[code] for code in EXCLUSIONS if counts[code]}

    def families(self, part: str) -> frozenset[int]:
        """The families behind one number: "met", "not_met", "denominator", or an exclusion code."""
        if part == "met":
            units: Iterable[Unit] = self.numerator
        elif part == "not_met":
            units = (unit for unit in self.denominator if not unit.met)
        elif part == "denominator":
            units = self.denominator
        elif part in EXCLUSIONS:
            units = (unit for unit in self.excluded if unit.excluded == part)
        else:
            raise ValueError(f"no part {part!r}")
        return frozenset(unit.family_id for unit in units)


def evaluate(measure: Measure, facts: Facts, period: Period) -> Evaluation:
    """The measure for one period."""
    return evaluate_months(measure, facts, [period])[0]


def evaluate_months(measure: Measure, facts: Facts, periods: Sequence[Period]) -> list[Evaluation]:
    """The measure for each of several periods (a trend), building its units once where it can."""
    if not measure.recorded:
        return [Evaluation(measure, period, recorded=False) for period in periods]
    # Units dated outside every period asked for are never built.
    span = (min(p.start for p in periods), max(p.end for p in periods)) if periods else None
    shared = None if measure.population in SNAPSHOTS else _by_day(units(measure, facts, span=span))
    evaluations = []
    by_end = measure.population in MET_BY_PERIOD_END
    for period in periods:
        rows, days = shared if shared is not None else _by_day(units(measure, facts, at=period.end))
        inside = rows[bisect_left(days, period.start) : bisect_right(days, period.end)]
        if by_end:
            end = period.end
            inside = [
                u if not u.met or u.met_on is None or u.met_on <= end else u._replace(met=False)
                for u in inside
            ]
        evaluations.append(
            Evaluation(
                measure,
                period,
                recorded=True,
                denominator=tuple(unit for unit in inside if not unit.excluded),
                excluded=tuple(unit for unit in inside if unit.excluded),
            )
        )
    return evaluations


def _by_day(found: Iterable[Unit]) -> tuple[list[Unit], list[date]]:
    """The units in date order, with their dates beside them: a period is then two bisections."""
    ordered = sorted(found, key=lambda unit: unit.on)
    return ordered, [unit.on for unit in ordered]


def units(
    measure: Measure, facts: Facts, *, at: date | None = None, span: tuple[date, date] | None = None
) -> Iterable[Unit]:
    """Every unit of a measure in these facts (a snapshot population: those on the day `at`); with a
    span, only the units dated inside it."""
    population = measure.population
    first, last = span or (date.min, date.max)
    if population == "caregivers_after_enrollment":
        return _caregivers_after_enrollment(measure, facts, first, last)
    if population == "births_after_prenatal_enrollment":
        return _births_after_prenatal_enrollment(measure, facts, first, last)
    if population == "births_to_prenatal_enrollees":
        return _births_to_prenatal_enrollees(measure, facts, first, last)
    if population == "children_at_intervals":
        return _children_at_intervals(measure, facts, first, last)
    if population == "postnatal_visits":
        return _postnatal_visits(measure, facts, first, last)
    if population == "planned_visits":
        return _planned_visits(facts, first, last)
    if population == "families_in_care_at_end":
        return _families_in_care_at(measure, facts, min(at or facts.today, facts.today))
    if population == "referrals_after_positive_screen":
        return referrals_after_positive_screen(measure, facts, first, last)
    if population == "positive_screens_referred":
        return positive_screens_referred(measure, facts, first, last)
    if population == "referrals_first_contact":
        return referrals_first_contact(facts, first, last)
    if population == "alerts_raised":
        return alerts_raised(measure, facts, first, last)
    if population == "practitioner_months":
        return practitioner_months(measure, facts, first, last)
    raise ValueError(f"unknown population {population!r}")


def _screen_days(measure: Measure, facts: Facts, kind: str) -> dict[int, list[date]]:
    """Days each family's caregivers (or each child, by child id) were screened with the measure's tools."""
    wanted = frozenset(measure.instruments)
    days: dict[int, list[date]] = defaultdict(list)
    for screen in facts.screens:
        if screen.instrument not in wanted or screen.subject_kind != kind:
            continue
        owner = screen.child_id if kind == "child" else screen.family_id
        if owner is not None:
            days[owner].append(screen.on)
    return days


def _any_between(days: Iterable[date], first: date, last: date) -> bool:
    return any(first <= day <= last for day in days)


def _prenatal_birth(episode: EpisodeFact, children: Iterable[ChildFact]) -> date | None:
    """The birth a family enrolled prenatally for: the first after enrollment, within a pregnancy."""
    births = [
        child.born_on
        for child in children
        if child.born_on is not None
        and episode.enrolled_on < child.born_on <= episode.enrolled_on + timedelta(days=PRENATAL_SPAN_DAYS)
    ]
    return min(births) if births else None


def _expecting(episode: EpisodeFact, children: Iterable[ChildFact]) -> bool:
    return any(child.born_on is None for child in children)


def _caregivers_after_enrollment(measure: Measure, facts: Facts, first: date, last: date) -> Iterable[Unit]:
    children = facts.children_by_family
    screened = _screen_days(measure, facts, "caregiver")
    for episode in facts.episodes:
        anchor = episode.enrolled_on
        if measure.prenatal_anchor_birth:
            family_children = children.get(episode.family_id, [])
            birth = _prenatal_birth(episode, family_children)
            if birth is not None:
                anchor = birth
            elif _expecting(episode, family_children):
                continue  # the window starts at a birth still to come
        closes = anchor + timedelta(days=measure.window_days)
        if not first <= closes <= last:
            continue
        met = _any_between(screened.get(episode.family_id, ()), episode.enrolled_on, closes)
        excluded = ""
        if closes > facts.today:
            excluded = "window_open"
        elif not met and episode.discharged_on is not None and episode.discharged_on < closes:
            excluded = "discharged_in_window"
        yield Unit(("episode", episode.id), episode.family_id, closes, met, excluded)


def _births_after_prenatal_enrollment(
    measure: Measure, facts: Facts, first: date, last: date
) -> Iterable[Unit]:
    episodes = facts.episodes_by_family
    for child in facts.children:
        born = child.born_on
        if born is None or not first <= born <= last:
            continue
        episode = next(
            (e for e in episodes.get(child.family_id, ()) if e.enrolled_on < born and e.open_on(born)), None
        )
        if episode is None:
            continue  # not enrolled prenatally in this program
        if child.gestation_days is None:
            yield Unit(("child", child.id), child.family_id, born, False, "gestation_not_recorded")
            continue
        at_enrollment = child.gestation_days - (born - episode.enrolled_on).days
        if at_enrollment >= measure.max_gestation_at_enrollment_days:
            yield Unit(("child", child.id), child.family_id, born, False, "enrolled_at_term")
            continue
        yield Unit(
            ("child", child.id), child.family_id, born, child.gestation_days < measure.below_gestation_days
        )


def _gestation_at_enrollment(episode: EpisodeFact, children: Sequence[ChildFact]) -> int | None:
    """How far into the pregnancy the mother was on the day she enrolled, in days, from the birth she
    enrolled for (the first after enrollment, within a pregnancy); -1 when she was not pregnant then
    (no such birth, or one conceived after enrollment); None when that birth's gestation is unknown."""
    birth = _prenatal_birth(episode, children)
    if birth is None:
        return -1
    known = [c.gestation_days for c in children if c.born_on == birth and c.gestation_days is not None]
    if not known:
        return None
    at_enrollment = max(known) - (birth - episode.enrolled_on).days
    return at_enrollment if at_enrollment >= 0 else -1


def _births_to_prenatal_enrollees(measure: Measure, facts: Facts, first: date, last: date) -> Iterable[Unit]:
    """Form 2 #1: every live birth after enrollment, while enrolled, to a mother who enrolled prenatally
    before 37+0 weeks (the birth she enrolled for and any later one). Her enrollment decides for all her
    births: enrolled after a birth, none is counted; at 37+0 or later, each is excluded as enrolled at
    term; her gestation at enrollment unknown, each is excluded as missing (gestation not recorded)."""
    children = facts.children_by_family
    for episode in facts.episodes:
        family_children = children.get(episode.family_id, [])
        births: list[tuple[ChildFact, date]] = []
        for child in family_children:
            born = child.born_on
            if (
                born is not None
                and first <= born <= last
                and episode.enrolled_on < born <= (episode.discharged_on or date.max)
            ):
                births.append((child, born))
        if not births:
            continue
        at_enrollment = _gestation_at_enrollment(episode, family_children)
        if at_enrollment == -1:
            continue  # not enrolled prenatally: none of her births is this measure's
        for child, born in births:
            key = ("child", child.id)
            if at_enrollment is None or child.gestation_days is None:
                yield Unit(key, child.family_id, born, False, "gestation_not_recorded")
            elif at_enrollment >= measure.max_gestation_at_enrollment_days:
                yield Unit(key, child.family_id, born, False, "enrolled_at_term")
            else:
                yield Unit(key, child.family_id, born, child.gestation_days < measure.below_gestation_days)


def _children_at_intervals(measure: Measure, facts: Facts, first: date, last: date) -> Iterable[Unit]:
    episodes = facts.episodes_by_family
    screened = _screen_days(measure, facts, "child")
    for child in facts.children:
        family_episodes = episodes.get(child.family_id)
        if child.born_on is None or not family_episodes:
            continue
        for interval in measure.intervals:
            closes = add_months(child.born_on, interval.to_months)
            if not first <= closes <= last or not any(e.open_on(closes) for e in family_episodes):
                continue
            opens = add_months(child.born_on, interval.from_months)
            met = _any_between(screened.get(child.id, ()), opens, closes)
            excluded = "window_open" if closes > facts.today else ""
            yield Unit(("child", child.id, interval.label), child.family_id, closes, met, excluded)


def _postnatal_visits(measure: Measure, facts: Facts, first: date, last: date) -> Iterable[Unit]:
    first_birth: dict[int, date] = {}
    for child in facts.children:
        if child.born_on is not None:
            known = first_birth.get(child.family_id)
            first_birth[child.family_id] = child.born_on if known is None else min(known, child.born_on)
    wanted = frozenset(measure.instruments)
    screened_on = {(s.family_id, s.on) for s in facts.screens if s.instrument in wanted}
    for visit in facts.visits:
        born = first_birth.get(visit.family_id)
        if visit.status != "completed" or visit.rescheduled or born is None or visit.on < born:
            continue
        if not first <= visit.on <= last:
            continue
        yield Unit(("visit", visit.id), visit.family_id, visit.on, (visit.family_id, visit.on) in screened_on)


def _planned_visits(facts: Facts, first: date, last: date) -> Iterable[Unit]:
    for visit in facts.visits:
        if not first <= visit.on <= last:
            continue
        excluded = "rescheduled" if visit.rescheduled else "not_yet_due" if visit.on > facts.today else ""
        yield Unit(("visit", visit.id), visit.family_id, visit.on, visit.status == "completed", excluded)


def _families_in_care_at(measure: Measure, facts: Facts, day: date) -> Iterable[Unit]:
    # The earliest relationship goal of each family is all the day needs (a hundred thousand episodes:
    # the loop is kept plain).
    first_goal: dict[int, date] = {}
    for goal in facts.goals:
        if goal.subject_kind == "relationship":
            known = first_goal.get(goal.family_id)
            if known is None or goal.created_on < known:
                first_goal[goal.family_id] = goal.created_on
    enrolled_by = day - timedelta(days=measure.min_days_in_care)  # enrolled after it: too few days
    no_goal = date.max
    for episode in facts.episodes:
        _, family_id, enrolled_on, discharged_on = episode
        if enrolled_on > day or (discharged_on is not None and discharged_on < day):
            continue
        met = first_goal.get(family_id, no_goal) <= day
        short = "in_care_under_min_days" if enrolled_on > enrolled_by else ""
        yield Unit(("episode", episode.id), family_id, day, met, short)
