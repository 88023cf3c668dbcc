"""What the family's PDF summary shows, row by row, from the record the reader may disclose."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from nestling.families.models import Subject
from nestling.fhir.selectors import FamilyRecord
from nestling.screening.scoring.library import UnknownInstrument, default_library


@dataclass(frozen=True)
class Row:
    when: str
    who: str
    what: str
    value: str


def _who(subject: Subject) -> str:
    return str(subject.person)


def summary_context(record: FamilyRecord) -> dict[str, Any]:
    library = default_library()
    growth = [
        Row(
            p.measurement.measured_on.isoformat(),
            p.measurement.child.full_name,
            str(p.measurement.get_kind_display()),
            f"{p.measurement.value.normalize()} {p.measurement.unit}"
            + (f" (z {p.z:+.2f})" if p.z is not None else ""),
        )
        for p in record.growth
    ]
    screens = []
    for result in record.results:
        if result.is_entered_in_error:
            continue
        try:
            title = library.get(result.definition).title
        except UnknownInstrument:
            title = result.instrument
        value = (
            _("not finished")
            if result.total is None
            else f"{result.total}" + (f" — {result.band}" if result.band else "")
        )
        screens.append(Row(result.administered_on.isoformat(), _who(result.subject), title, value))
    diagnoses = [
        Row(d.made_on.isoformat(), d.version.formulation.child.full_name, d.name, d.icd10)
        for d in record.diagnoses
    ]
    goals = [
        Row(g.review_on.isoformat(), _who(g.subject), g.statement, str(g.get_status_display()))
        for g in record.goals
    ]
    visits = [
        Row(v.visit_on.isoformat(), "", str(v.get_setting_display()), str(v.get_status_display()))
        for v in record.visits
    ]
    consents = [
        Row(
            c.given_on.isoformat(),
            str(c.given_by or c.given_by_other),
            str(c.get_kind_display()),
            c.recipient,
        )
        for c in record.consents
    ]
    referrals = [
        Row(
            r.referred_on.isoformat(),
            _who(r.subject),
            r.service_label,
            str(r.get_status_display()),
        )
        for r in record.referrals
    ]
    return {
        "family": record.family,
        "caregivers": record.caregivers,
        "children": record.children,
        "relationships": record.relationships,
        "growth": growth,
        "screens": screens,
        "diagnoses": diagnoses,
        "goals": goals,
        "visits": visits,
        "consents": consents,
        "referrals": referrals,
        "left_out": record.left_out,
        "part2": record.part2,
    }
