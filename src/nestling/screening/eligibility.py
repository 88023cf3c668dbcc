"""Which instruments fit which person: the subject the definition is about, and a child's age range,
read at corrected age where the definition says so (under the program's correction rule)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from nestling.families.age import CorrectionRule, completed_months, expected_delivery_date
from nestling.families.age_words import child_gestation, program_rule
from nestling.families.models import Child, Person, SubjectKind, subject_kind
from nestling.screening.scoring import Definition, default_library
from nestling.screening.words import name_in_sentence


def _rule(definition: Definition, program_rule_: CorrectionRule) -> CorrectionRule:
    """The definition's own correction limits where it states them, the program's otherwise."""
    corrected = definition.corrected_age
    return CorrectionRule(
        max_months=corrected.until_months if corrected.until_months is not None else program_rule_.max_months,
        min_weeks_early=corrected.min_weeks_early or program_rule_.min_weeks_early,
    )


def age_months_for(definition: Definition, child: Child, on: date, rule: CorrectionRule) -> int | None:
    """The child's age in completed months as this instrument counts it; None before birth or term."""
    if child.date_of_birth is None or on < child.date_of_birth:
        return None
    gestation = child_gestation(child)
    if definition.corrected_age.applies and gestation is not None:
        own_rule = _rule(definition, rule)
        if own_rule.applies(child.date_of_birth, on, gestation):
            edd = expected_delivery_date(child.date_of_birth, gestation)
            return completed_months(edd, on) if on >= edd else None
    return completed_months(child.date_of_birth, on)


def refusal(
    definition: Definition, subject: Person, on: date, rule: CorrectionRule | None = None
) -> str | None:
    """Why this instrument cannot be given to this person on this date; None when it can.

    `rule` is the program's correction rule (read from the child's program when not given).
    """
    kind = subject_kind(subject)
    if definition.subject != kind:
        return _("%(instrument)s is about a %(about)s, not a %(kind)s.") % {
            "instrument": name_in_sentence(definition),
            "about": SubjectKind(definition.subject).label.lower(),
            "kind": SubjectKind(kind).label.lower(),
        }
    if not isinstance(subject, Child) or definition.age_range is None:
        return None
    if subject.date_of_birth is None:
        return _("%(instrument)s is for a child after birth.") % {"instrument": name_in_sentence(definition)}
    rule = rule or program_rule(subject.family.program)
    months = age_months_for(definition, subject, on, rule)
    low, high = definition.age_range.min_months, definition.age_range.max_months
    if months is None or not low <= months <= high:
        corrected = _(" (corrected age)") if definition.corrected_age.applies else ""
        return _("%(instrument)s is for children aged %(low)s to %(high)s months%(corrected)s.") % {
            "instrument": name_in_sentence(definition),
            "low": low,
            "high": high,
            "corrected": corrected,
        }
    return None


def instruments_for(subject: Person, on: date, rule: CorrectionRule | None = None) -> list[Definition]:
    """The latest version of every instrument this person may be screened with on `on`, by title."""
    offered = [d for d in default_library().latest() if refusal(d, subject, on, rule) is None]
    return sorted(offered, key=lambda d: d.title)
