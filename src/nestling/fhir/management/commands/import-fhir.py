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

from nestling.access.denials import AccessDenied
from nestling.accounts.models import User
from nestling.fhir.importing.apply import family_plan_import
from nestling.fhir.importing.bundle import BundleImportRefused, import_program
from nestling.fhir.importing.households import households_import
from nestling.fhir.importing.plan import read_bundle
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
            try:
                self._households(
                    content,
                    by=by,
                    program_uuid=program.uuid,
                    dry_run=options["dry_run"],
                    accept_duplicates=options["accept_duplicates"],
                )
            except AccessDenied:
                raise CommandError(
                    "This member of staff may not open families: --by names a practitioner.",
                    returncode=BAD_INPUT,
                ) from None
            return
        try:
            data = json.loads(content)
        except ValueError:
            raise CommandError("The file is not JSON.", returncode=BAD_INPUT) from None
        plan = read_bundle(data, today=timezone.localdate())
        outcome = family_plan_import(
            plan=plan, by=by, program=program, dry_run=True, accept_duplicates=options["accept_duplicates"]
        )
        self._refuse_on(outcome.problems)
        if not options["dry_run"]:
            outcome = family_plan_import(
                plan=plan,
                by=by,
                program=program,
                dry_run=False,
                accept_duplicates=options["accept_duplicates"],
            )
        for line in outcome.summary():
            self.stdout.write(line)
        self.stdout.write(("Dry run: nothing written. " if options["dry_run"] else "") + "1 household(s).")

    def _households(
        self, content: str, *, by: User, program_uuid: UUID, dry_run: bool, accept_duplicates: bool
    ) -> None:
        """The households of a CSV file: all of them or none, as the API's import (one mechanism)."""
        report = households_import(
            content=content,
            by=by,
            program_uuid=program_uuid,
            dry_run=dry_run,
            accept_duplicates=accept_duplicates,
        )
        self._refuse_on(
            [f"Line {p.line}: {p.message}" if p.line is not None else p.message for p in report.problems]
        )
        for household in report.households:
            self.stdout.write(f"{household.name} ({household.reference or 'no reference'})")
            if household.already_imported:
                self.stdout.write("This source was imported before: nothing new was created.")
            for kind, n in household.counts.items():
                self.stdout.write(f"{kind}: {n}")
        self.stdout.write(
            ("Dry run: nothing written. " if dry_run else "") + f"{len(report.households)} household(s)."
        )

    def _refuse_on(self, problems: list[str]) -> None:
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} problem(s); nothing was imported.", returncode=BAD_INPUT)


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise CommandError(
            "--organization takes the organization's id (a UUID).", returncode=BAD_INPUT
        ) from None
