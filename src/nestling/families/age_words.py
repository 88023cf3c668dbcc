"""A child's age in words, in the reader's language, with corrected age where the program's rule says so.

The arithmetic is `families.age`; this module only says it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from nestling.families.age import (
    AgeError,
    AgeParts,
    ChildAge,
    CorrectionRule,
    Gestation,
    age_parts,
    expected_delivery_date,
    gestation_on,
    postmenstrual_age,
)
from nestling.families.models import Child
from nestling.organizations.models import Program


def age_words(parts: AgeParts) -> str:
    said = []
    if parts.years:
        said.append(ngettext("%(n)d year", "%(n)d years", parts.years) % {"n": parts.years})
    if parts.months:
        said.append(ngettext("%(n)d month", "%(n)d months", parts.months) % {"n": parts.months})
    if parts.weeks:
        said.append(ngettext("%(n)d week", "%(n)d weeks", parts.weeks) % {"n": parts.weeks})
    if parts.days or not said:
        said.append(ngettext("%(n)d day", "%(n)d days", parts.days) % {"n": parts.days})
    if len(said) == 1:
        return said[0]
    # At most two parts (see age_parts); how they join is the translation's to say ("4 meses y 2 semanas").
    return pgettext("an age in two parts, such as '4 months 2 weeks'", "%(larger)s %(smaller)s") % {
        "larger": said[0],
        "smaller": said[1],
    }


def program_rule(program: Program) -> CorrectionRule:
    return CorrectionRule(
        max_months=program.corrected_age_until_months, min_weeks_early=program.corrected_age_min_weeks_early
    )


@dataclass(frozen=True)
class ChildAgeText:
    """What the page says about a child's age: `age` always; `corrected` for a preterm child under the
    rule; `gestation` for a baby not yet born (how far along) or born preterm (at birth)."""

    age: str
    corrected: str = ""
    gestation: str = ""
    preterm: bool = False


def child_gestation(child: Child) -> Gestation | None:
    if child.gestation_weeks is None:
        return None
    return Gestation(child.gestation_weeks, child.gestation_days or 0)


def child_age_text(child: Child, rule: CorrectionRule, on: date) -> ChildAgeText:
    if child.date_of_birth is None:
        due = child.due_date
        if due is None:
            return ChildAgeText(age="—")
        if due < on:
            return ChildAgeText(age=_("Due date has passed: record the birth"))
        try:
            along = gestation_on(due, on)
        except AgeError:
            return ChildAgeText(age=_("Not born yet"))
        return ChildAgeText(
            age=_("Not born yet"),
            gestation=_("%(weeks)d+%(days)d weeks of pregnancy") % {"weeks": along.weeks, "days": along.days},
        )
    if on < child.date_of_birth:
        return ChildAgeText(age="—")
    age = age_words(age_parts(child.date_of_birth, on))
    gestation = child_gestation(child)
    if gestation is None:
        return ChildAgeText(age=age)
    born_at = _("born at %(g)s weeks") % {"g": gestation}
    preterm = gestation.total_days < rule.born_before.total_days
    computed = ChildAge.on(child.date_of_birth, on, gestation, rule)
    if not computed.corrected:
        return ChildAgeText(age=age, gestation=born_at if preterm else "", preterm=preterm)
    if computed.corrected_days < 0:
        pma = postmenstrual_age(child.date_of_birth, on, gestation)
        corrected = _("not yet at term: %(g)s weeks postmenstrual") % {"g": pma}
    else:
        edd = expected_delivery_date(child.date_of_birth, gestation)
        corrected = age_words(age_parts(edd, on))
    return ChildAgeText(age=age, corrected=corrected, gestation=born_at, preterm=True)
