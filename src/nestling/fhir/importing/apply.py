"""Making the family a `FamilyPlan` describes, through the family record's own services (the same checks,
audit rows and tasks as the pages), or, for a dry run, finding every problem and keeping nothing.

Everything is written in one transaction. Each record is tried in a savepoint of its own, so one refusal
does not hide the next: the run lists every problem, and then, when there is any or it is a dry run,
rolls back the lot. Every record is made under a client id drawn from the source and the record's id, so
the same source imported twice finds what the first import made and creates nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from django.db import transaction
from django.utils import timezone

from nestling.access.denials import AccessDenied
from nestling.accounts.models import User
from nestling.families.duplicates import possible_duplicates
from nestling.families.errors import PossibleDuplicate
from nestling.families.models import Caregiver, Child, Family, ReferralSource, Relationship, ServiceLevel
from nestling.families.services.household import family_create
from nestling.families.services.people import caregiver_create, child_create, relationship_create
from nestling.fhir.importing.plan import FamilyPlan, PlannedPerson
from nestling.growth.errors import MeasurementNeedsConfirmation
from nestling.growth.services import SAME_DAY_KEEP, measurement_record
from nestling.organizations.models import Program
from nestling.records.errors import RecordInvalid
from nestling.screening.scoring.library import UnknownInstrument, default_library
from nestling.screening.services import screening_record


class _RollBack(Exception):
    """Raised to undo a dry run (or a run with problems) after every record was tried."""


@dataclass
class ImportOutcome:
    family: Family | None = None
    created: bool = False  # False: a dry run, or this source was imported before
    already_imported: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    ignored: dict[str, int] = field(default_factory=dict)

    def summary(self) -> list[str]:
        lines = []
        if self.already_imported:
            lines.append("This source was imported before: nothing new was created.")
        lines += [f"{kind}: {n}" for kind, n in self.counts.items()]
        lines += [f"not imported ({kind}): {n}" for kind, n in self.ignored.items()]
        return lines


def _messages(label: str, error: RecordInvalid) -> list[str]:
    out = []
    for field_name, messages in error.errors.items():
        for message in messages:
            out.append(f"{label}: {field_name + ': ' if field_name else ''}{message}")
    return out


def _client_id(namespace: UUID, key: str) -> UUID:
    return uuid5(namespace, key)


def _family_start(plan: FamilyPlan) -> date:
    """The enrollment the import opens starts on the earliest measurement or screen (today without any),
    so that the record's date policy lets the history in."""
    dates = [m.measured_on for m in plan.measurements] + [s.administered_on for s in plan.screens]
    return min([*dates, timezone.localdate()])


def family_plan_import(
    *, plan: FamilyPlan, by: User, program: Program, dry_run: bool, accept_duplicates: bool = False
) -> ImportOutcome:
    """Import the household `plan` describes into `program`. A dry run writes nothing; so does a run that
    finds any problem (they are all in `problems`)."""
    outcome = ImportOutcome(problems=list(plan.problems), ignored=dict(plan.ignored))
    if outcome.problems:
        return outcome
    namespace = uuid5(NAMESPACE_URL, f"nestling-import:{by.organization_id}:{plan.source}")
    family_client = _client_id(namespace, "family")
    existing = Family.objects.filter(organization_id=by.organization_id, client_id=family_client).first()
    if existing is not None:
        outcome.family, outcome.already_imported = existing, True
        return outcome
    if not accept_duplicates:
        outcome.problems += _duplicates(plan, by)
    try:
        with transaction.atomic():
            _make(plan, by, program, namespace, family_client, outcome)
            if dry_run or outcome.problems:
                raise _RollBack
    except _RollBack:
        outcome.family = None
        return outcome
    outcome.created = True
    return outcome


def _duplicates(plan: FamilyPlan, by: User) -> list[str]:
    """People of the plan who look already known in the organization (each a problem, named by the
    source's own id: who matched, and where, stays unsaid — the importer may not see that family)."""
    problems = []
    for person in plan.people:
        model = Child if person.role == "child" else Caregiver
        matches = possible_duplicates(
            model,  # type: ignore[type-var]
            organization_id=by.organization_id,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            due_date=person.due_date if person.role == "child" else None,
        )
        if matches:
            problems.append(
                f"{person.role.capitalize()} {person.key} ({person.given_name} {person.family_name}) "
                "looks like "
                "someone already recorded in this organization. Check before importing, or import with "
                "duplicates accepted."
            )
    return problems


def _attempt(outcome: ImportOutcome, label: str, make: Any) -> Any:
    """One record in its own savepoint: made, or its problems noted and nothing of it kept."""
    try:
        with transaction.atomic():
            return make()
    except RecordInvalid as error:
        outcome.problems += _messages(label, error)
    except AccessDenied as denied:
        outcome.problems.append(
            f"{label}: {denied.explanation or 'you may not record this for this family.'}"
        )
    except (PossibleDuplicate, MeasurementNeedsConfirmation) as error:
        outcome.problems.append(f"{label}: {error}")
    return None


def _count(outcome: ImportOutcome, kind: str) -> None:
    outcome.counts[kind] = outcome.counts.get(kind, 0) + 1


def _make(
    plan: FamilyPlan,
    by: User,
    program: Program,
    namespace: UUID,
    family_client: UUID,
    outcome: ImportOutcome,
) -> None:
    family = _attempt(
        outcome,
        "Household",
        lambda: family_create(
            program=program,
            by=by,
            name=plan.name,
            referral_source=ReferralSource.OTHER,
            referral_detail="Imported",
            service_level=ServiceLevel.PROMOTION,
            enrolled_on=_family_start(plan),
            reference=plan.reference,
            client_id=family_client,
        ),
    )
    if family is None:
        return
    outcome.family = family
    _count(outcome, "families")
    made: dict[str, Any] = {}
    for person in plan.people:
        created = _attempt(
            outcome,
            f"{person.role.capitalize()} {person.key}",
            _person_maker(person, family, by, namespace),
        )
        if created is not None:
            made[person.key] = created
            _count(outcome, f"{person.role}ren" if person.role == "child" else "caregivers")
    for rel in plan.relationships:
        caregiver, child = made.get(rel.caregiver), made.get(rel.child)
        if not isinstance(caregiver, Caregiver) or not isinstance(child, Child):
            continue  # its people's own problems are listed already
        created = _attempt(
            outcome,
            f"RelatedPerson {rel.key}",
            lambda rel=rel, caregiver=caregiver, child=child: relationship_create(
                family=family,
                by=by,
                caregiver=caregiver,
                child=child,
                kind=rel.kind,
                is_primary=rel.is_primary,
                legal_custody=rel.legal_custody,
                since=rel.since,
                client_id=_client_id(namespace, f"relationship:{rel.key}"),
            ),
        )
        if created is not None:
            made[rel.key] = created
            _count(outcome, "relationships")
    for m in plan.measurements:
        child = made.get(m.child)
        if not isinstance(child, Child):
            continue
        child.family = family
        created = _attempt(
            outcome,
            f"Observation {m.key}",
            lambda m=m, child=child: measurement_record(
                child=child,
                by=by,
                kind=m.kind,
                value=m.value,
                measured_on=m.measured_on,
                note=m.note,
                client_id=_client_id(namespace, f"measurement:{m.key}"),
                confirm_implausible=True,  # recorded, and so confirmed, where it was measured
                same_day=SAME_DAY_KEEP,
            ),
        )
        if created is not None:
            _count(outcome, "measurements")
    library = default_library()
    for screen in plan.screens:
        subject = made.get(screen.subject)
        label = f"Observation {screen.key}"
        if subject is None:
            continue
        try:
            definition = library.get(screen.definition)
        except UnknownInstrument:
            outcome.problems.append(f"{label}: Nestling has no instrument {screen.definition}.")
            continue
        answers = [screen.answers.get(item.number) for item in definition.items]
        while answers and answers[-1] is None:
            answers.pop()
        row = _attempt(
            outcome,
            label,
            lambda screen=screen, subject=subject, answers=answers, definition=definition: screening_record(
                family=family,
                subject=subject,
                instrument_id=definition.key,
                answers=[tuple(a) if isinstance(a, list) else a for a in answers],
                by=by,
                administered_on=screen.administered_on,
                client_id=_client_id(namespace, f"screen:{screen.key}"),
                stopped_early=screen.stopped_early,
            ),
        )
        if row is None:
            continue
        if screen.total is not None and row.total != screen.total:
            outcome.problems.append(
                f"{label}: the answers score {row.total} on {definition.key}, "
                f"but the source says {screen.total}."
            )
        _count(outcome, "screens")


def _person_maker(person: PlannedPerson, family: Family, by: User, namespace: UUID) -> Any:
    """Who is already known in the organization was asked before anything was made (`_duplicates`); a
    match now is someone of this very household (twins not named yet), so it is no duplicate."""
    client_id = _client_id(namespace, f"person:{person.key}")
    if person.role == "caregiver":
        return lambda: caregiver_create(
            family=family,
            by=by,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            phone=person.phone,
            email=person.email,
            preferred_language=person.preferred_language,
            pregnancy_due_date=person.due_date,
            client_id=client_id,
            confirm_duplicate=True,
        )
    weeks = days = None
    if person.gestation_days is not None:
        weeks, days = divmod(int(person.gestation_days), 7)
    return lambda: child_create(
        family=family,
        by=by,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        due_date=person.due_date,
        sex=person.sex,
        gestation_weeks=weeks,
        gestation_days=days,
        birth_weight_grams=person.birth_weight_grams,
        client_id=client_id,
        confirm_duplicate=True,
    )


def relationship_of(made: dict[str, Any], key: str) -> Relationship | None:
    found = made.get(key)
    return found if isinstance(found, Relationship) else None
