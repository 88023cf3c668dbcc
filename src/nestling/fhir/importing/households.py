"""Importing the households of a CSV file (`spreadsheet.csv_plans` reads it) into a program: every problem
of every row at once, nothing written while there is one; a dry run that says what would be made; and a
real run that is idempotent on each household's key (its name and reference): importing the same file
again makes nothing new."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from uuid import UUID

from django.db import transaction

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.fhir.importing.apply import ImportOutcome, family_plan_import
from nestling.fhir.importing.bundle import import_program
from nestling.fhir.importing.plan import FamilyPlan
from nestling.fhir.importing.spreadsheet import csv_plans

_LINE = re.compile(r"^Line (\d+): ")


@dataclass(frozen=True)
class RowProblem:
    line: int | None  # the file's line (the header is line 1); None for the file as a whole
    message: str


@dataclass(frozen=True)
class HouseholdImport:
    name: str
    reference: str
    created: bool
    already_imported: bool
    counts: dict[str, int]


@dataclass
class HouseholdsImport:
    dry_run: bool
    households: list[HouseholdImport] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return any(h.created for h in self.households)


def _problem(text: str) -> RowProblem:
    match = _LINE.match(text)
    return RowProblem(int(match.group(1)), text[match.end() :]) if match else RowProblem(None, text)


def _household(plan: FamilyPlan, outcome: ImportOutcome) -> HouseholdImport:
    return HouseholdImport(
        plan.name, plan.reference, outcome.created, outcome.already_imported, outcome.counts
    )


def households_import(
    *,
    content: str,
    by: User,
    program_uuid: str | UUID,
    dry_run: bool,
    accept_duplicates: bool = False,
) -> HouseholdsImport:
    """Read the CSV and import its households into the program of the importer's organization. Every
    problem comes back, by line; with any, nothing is written. BundleImportRefused when the program is not
    one of the importer's organization; AccessDenied when they may not open families."""
    require(by, Action.FAMILY_CREATE)
    program = import_program(by=by, program_uuid=program_uuid)
    report = HouseholdsImport(dry_run=dry_run)
    plans, problems = csv_plans(content)
    report.problems = [_problem(p) for p in problems]
    if problems:
        return report
    if not plans:
        report.problems.append(RowProblem(None, "The file has no household in it."))
        return report
    trial = [
        (
            plan,
            family_plan_import(
                plan=plan, by=by, program=program, dry_run=True, accept_duplicates=accept_duplicates
            ),
        )
        for plan in plans
    ]
    for plan, outcome in trial:
        report.problems += [RowProblem(None, f"{plan.name}: {p}") for p in outcome.problems]
    if report.problems or dry_run:
        report.households = [_household(plan, outcome) for plan, outcome in trial]
        return report
    # All households or none: one of them can only be judged against those made before it (a duplicate).
    try:
        with transaction.atomic():
            for plan in plans:
                outcome = family_plan_import(
                    plan=plan, by=by, program=program, dry_run=False, accept_duplicates=accept_duplicates
                )
                report.households.append(_household(plan, outcome))
                report.problems += [RowProblem(None, f"{plan.name}: {p}") for p in outcome.problems]
            if report.problems:
                raise _NothingWritten
    except _NothingWritten:
        report.households = [replace(h, created=False) for h in report.households]
    return report


class _NothingWritten(Exception):
    pass
