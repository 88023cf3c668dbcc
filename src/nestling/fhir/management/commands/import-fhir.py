"""`nestling import-fhir <file> --organization … --program … --by … [--dry-run] [--csv]`: import a family
from a FHIR Bundle (JSON), or families and children from a CSV file (`--csv`; the columns are in
`nestling.fhir.importing.spreadsheet`). Every problem is printed at once and nothing is written (exit 2);
a dry run prints what it would make and writes nothing either."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from nestling.accounts.models import User
from nestling.fhir.importing.apply import ImportOutcome, family_plan_import
from nestling.fhir.importing.bundle import BundleImportRefused, import_program
from nestling.fhir.importing.plan import read_bundle
from nestling.fhir.importing.spreadsheet import csv_plans
from nestling.organizations.models import Organization

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Import a family from a FHIR Bundle, or families and children from a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--organization", required=True, help="the organization's id (UUID)")
        parser.add_argument("--program", required=True, help="the program's id (UUID)")
        parser.add_argument("--by", required=True, help="the email of the practitioner importing")
        parser.add_argument("--dry-run", action="store_true", help="list problems and counts; write nothing")
        parser.add_argument("--csv", action="store_true", help="the file is a CSV of families and children")
        parser.add_argument("--accept-duplicates", action="store_true", help="import people who look known")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(uuid=_uuid(options["organization"])).first()
        if organization is None:
            raise CommandError("There is no such organization.", returncode=BAD_INPUT)
        by = User.objects.filter(
            email__iexact=options["by"], organization=organization, is_active=True
        ).first()
        if by is None:
            raise CommandError(
                "There is no active member of staff with this email in the organization.",
                returncode=BAD_INPUT,
            )
        try:
            program = import_program(by=by, program_uuid=options["program"])
            content = Path(options["file"]).read_text(encoding="utf-8")
        except BundleImportRefused as refused:
            raise CommandError(refused.problems[0], returncode=BAD_INPUT) from None
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error}", returncode=BAD_INPUT) from None
        if options["csv"]:
            plans, problems = csv_plans(content)
        else:
            try:
                data = json.loads(content)
            except ValueError:
                raise CommandError("The file is not JSON.", returncode=BAD_INPUT) from None
            plans, problems = [read_bundle(data, today=timezone.localdate())], []
        outcomes: list[ImportOutcome] = []
        if not problems:
            for plan in plans:
                outcome = family_plan_import(
                    plan=plan,
                    by=by,
                    program=program,
                    dry_run=True,
                    accept_duplicates=options["accept_duplicates"],
                )
                problems += outcome.problems
                outcomes.append(outcome)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} problem(s); nothing was imported.", returncode=BAD_INPUT)
        if not options["dry_run"]:
            outcomes = [
                family_plan_import(
                    plan=plan,
                    by=by,
                    program=program,
                    dry_run=False,
                    accept_duplicates=options["accept_duplicates"],
                )
                for plan in plans
            ]
        for outcome in outcomes:
            for line in outcome.summary():
                self.stdout.write(line)
        self.stdout.write(
            ("Dry run: nothing written. " if options["dry_run"] else "") + f"{len(outcomes)} household(s)."
        )


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise CommandError(
            "--organization takes the organization's id (a UUID).", returncode=BAD_INPUT
        ) from None
