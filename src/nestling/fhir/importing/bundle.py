"""Importing one family from a FHIR Bundle: read it (`plan.read_bundle`), then make it (`apply`)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.utils import timezone

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.fhir.importing.apply import ImportOutcome, family_plan_import
from nestling.fhir.importing.plan import read_bundle
from nestling.organizations.models import Program


class BundleImportRefused(Exception):
    """The import found problems (all of them, in `problems`); nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


def import_program(*, by: User, program_uuid: str | UUID) -> Program:
    """The program of the importer's organization to import into; BundleImportRefused otherwise."""
    try:
        wanted = UUID(str(program_uuid))
    except ValueError:
        raise BundleImportRefused(["Name the program to import into (program=<its id>)."]) from None
    program = Program.objects.filter(uuid=wanted, organization_id=by.organization_id).first()
    if program is None:
        raise BundleImportRefused(["There is no such program in your organization."])
    return program


def fhir_bundle_import(
    *, data: Any, by: User, program_uuid: str | UUID, dry_run: bool, accept_duplicates: bool = False
) -> ImportOutcome:
    """Import the family a Bundle describes. Every problem at once (BundleImportRefused), nothing written;
    a dry run writes nothing either. Only a member of staff who may open a family may import one."""
    require(by, Action.FAMILY_CREATE)
    program = import_program(by=by, program_uuid=program_uuid)
    plan = read_bundle(data, today=timezone.localdate())
    outcome = family_plan_import(
        plan=plan, by=by, program=program, dry_run=dry_run, accept_duplicates=accept_duplicates
    )
    if outcome.problems:
        raise BundleImportRefused(outcome.problems)
    return outcome


__all__ = ["AccessDenied", "BundleImportRefused", "fhir_bundle_import", "import_program"]
