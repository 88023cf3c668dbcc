"""``nestling instruments``: the instrument library from the shell.

``list | validate [FILE ...] | pin`` look after the definitions; ``wording-template``,
``import-wording`` and ``remove-wording`` load an organization's licensed wording of an instrument whose
licence keeps its text out of the repository. Bad input exits with status 2 and every problem on stderr,
one per line.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nestling.accounts.models import User
from nestling.organizations.models import Organization
from nestling.screening.licensed_wording import (
    WordingRefused,
    instrument_wording_check,
    instrument_wording_import,
    instrument_wording_remove,
)
from nestling.screening.models import InstrumentWording
from nestling.screening.scoring import UnknownInstrument, default_library
from nestling.screening.scoring.definition import Definition
from nestling.screening.scoring.library import (
    DefinitionError,
    definition_files,
    load_library,
    manifest_problems,
    pin_new_files,
    read_definition_file,
)
from nestling.screening.scoring.wording import wording_template_text

BAD_INPUT = 2


def _age(definition: Definition) -> str:
    if definition.age_range is None:
        return "-"
    return f"{definition.age_range.min_months}-{definition.age_range.max_months} mo"


class Command(BaseCommand):
    help = "List, validate or pin the instrument definitions."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        listing = actions.add_parser(
            "list", help="show the library with licence status and whether wording ships or is loaded"
        )
        listing.add_argument(
            "--organization", metavar="SLUG", help="say which licensed copies this organization has loaded"
        )
        validate = actions.add_parser("validate", help="validate definition files and list every error")
        validate.add_argument("files", nargs="*", type=Path, help="definition files (default: the library)")
        actions.add_parser("pin", help="record the SHA-256 of newly published files in MANIFEST.json")

        template = actions.add_parser(
            "wording-template", help="print the JSON file to type a licensed copy's wording into"
        )
        template.add_argument("instrument", help="e.g. epds or epds@1")

        load = actions.add_parser(
            "import-wording", help="load an organization's licensed wording of an instrument (file as above)"
        )
        load.add_argument("file", type=Path, help="the filled-in wording template (JSON, UTF-8)")
        self._organization_arguments(load)
        load.add_argument(
            "--licence",
            required=True,
            help='the licence or permission covering this copy, e.g. "RCPsych permission letter 2026-03"',
        )
        load.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help=f"the copy's language code (default {settings.LANGUAGE_CODE}); load one file per language",
        )
        load.add_argument("--dry-run", action="store_true", help="check everything, write nothing")

        remove = actions.add_parser(
            "remove-wording", help="remove an organization's wording of an instrument"
        )
        remove.add_argument("instrument", help="e.g. epds or epds@1")
        self._organization_arguments(remove)
        remove.add_argument("--language", help="remove only this language's copy (default: every language)")

    @staticmethod
    def _organization_arguments(parser: CommandParser) -> None:
        parser.add_argument(
            "--organization", required=True, metavar="SLUG", help="the organization's short name"
        )
        parser.add_argument(
            "--by", metavar="EMAIL", help="the staff member responsible (recorded with the shell account)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list(options.get("organization"))
        elif action == "validate":
            self._validate(options["files"])
        elif action == "wording-template":
            self._wording_template(options["instrument"])
        elif action == "import-wording":
            self._import_wording(options)
        elif action == "remove-wording":
            self._remove_wording(options)
        else:
            for name in pin_new_files():
                self.stdout.write(f"pinned {name}")

    def _list(self, slug: str | None) -> None:
        try:
            library = load_library()
        except DefinitionError as exc:
            raise CommandError("\n".join(exc.errors), returncode=2) from None
        loaded: dict[str, list[str]] | None = None
        if slug is not None:
            organization, problems = self._organization(slug)
            if organization is None:
                raise CommandError("\n".join(problems), returncode=2)
            loaded = {}
            for key, language in InstrumentWording.objects.filter(organization=organization).values_list(
                "definition", "language"
            ):
                loaded.setdefault(key, []).append(language)
        header = f"{'instrument':<20} {'ver':>3}  {'about':<12} {'ages':<10} {'licence':<10} wording"
        self.stdout.write(header)
        for d in library:
            if d.wording == "shipped":
                wording = "shipped"
            elif loaded is None:
                wording = "scoring key only: each organization imports its licensed copy"
            elif d.key in loaded:
                wording = f"loaded ({', '.join(sorted(loaded[d.key]))})"
            else:
                wording = "not loaded (import your licensed copy with import-wording)"
            self.stdout.write(
                f"{d.id:<20} {d.version:>3}  {d.subject:<12} {_age(d):<10} {d.licence.status:<10} {wording}"
            )

    def _validate(self, files: list[Path]) -> None:
        checking_library = not files
        paths = files or definition_files()
        failed = 0
        for path in paths:
            _, errors = read_definition_file(path)
            if errors:
                failed += 1
                self.stderr.write(f"{path}: {len(errors)} error(s)")
                for error in errors:
                    self.stderr.write(f"  {error}")
            else:
                self.stdout.write(f"{path}: valid")
        problems = manifest_problems() if checking_library else []
        for problem in problems:
            self.stderr.write(f"MANIFEST: {problem}")
        if failed or problems:
            raise CommandError(
                f"{failed} of {len(paths)} file(s) invalid, {len(problems)} manifest problem(s)", returncode=2
            )

    def _refuse(self, errors: list[str], what: str) -> CommandError:
        for error in errors:
            self.stderr.write(error)
        return CommandError(f"{len(errors)} problem(s); {what}", returncode=BAD_INPUT)

    def _wording_template(self, instrument: str) -> None:
        try:
            definition = default_library().get(instrument)
        except UnknownInstrument as exc:
            raise CommandError(str(exc), returncode=BAD_INPUT) from None
        if definition.wording == "shipped":
            raise CommandError(
                f"{definition.key} ships with its wording; there is nothing to import", returncode=BAD_INPUT
            )
        self.stdout.write(wording_template_text(definition))

    def _who(
        self, options: dict[str, Any], organization: Organization | None
    ) -> tuple[User | None, list[str]]:
        email = options["by"]
        if email is None or organization is None:
            return None, []
        user = User.objects.filter(
            organization=organization, email__iexact=email.strip(), is_active=True
        ).first()
        if user is None:
            return None, [f"--by: {organization.slug} has no active staff member with the email {email!r}"]
        return user, []

    def _organization(self, slug: str) -> tuple[Organization | None, list[str]]:
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            return None, [f"--organization: there is no organization with the short name {slug!r}"]
        return organization, []

    def _import_wording(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        organization, errors = self._organization(options["organization"])
        by, by_errors = self._who(options, organization)
        errors += by_errors
        try:
            content = path.read_bytes()
        except OSError as exc:
            errors.append(f"file: {path} cannot be read ({exc.strerror or exc})")
            content = None
        if content is not None:
            # Check the file even when the organization is wrong, so one run reports everything.
            errors += instrument_wording_check(
                content=content, licence=options["licence"], language=options["language"].strip().lower()
            )[1]
        if errors or organization is None or content is None:
            raise self._refuse(errors, "nothing imported")
        try:
            done = instrument_wording_import(
                organization=organization,
                content=content,
                licence=options["licence"],
                language=options["language"],
                by=by,
                by_label=_ran_by(by),
                dry_run=options["dry_run"],
            )
        except WordingRefused as refused:
            raise self._refuse(refused.errors, "nothing imported") from None
        what = f"{done.definition_key} ({done.language}) for {organization.slug}: {done.items} items"
        self.stdout.write(
            {
                "checked": f"Dry run: {what} would be imported; nothing written.",
                "created": f"Imported {what}.",
                "replaced": f"Replaced {what}.",
                "unchanged": f"Unchanged: {what} is already loaded from this very file.",
            }[done.outcome]
        )

    def _remove_wording(self, options: dict[str, Any]) -> None:
        organization, errors = self._organization(options["organization"])
        by, by_errors = self._who(options, organization)
        errors += by_errors
        if errors or organization is None:
            raise self._refuse(errors, "nothing removed")
        try:
            removed = instrument_wording_remove(
                organization=organization,
                instrument=options["instrument"],
                language=options["language"],
                by=by,
                by_label=_ran_by(by),
            )
        except WordingRefused as refused:
            raise self._refuse(refused.errors, "nothing removed") from None
        languages = ", ".join(w.language for w in removed)
        self.stdout.write(f"Removed {removed[0].definition} ({languages}) for {organization.slug}.")


def _ran_by(by: User | None) -> str:
    """Who ran the command: the staff member named with --by, if any, and the shell account."""
    try:
        account = getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry, as in some containers
        account = "unknown account"
    shell = f"command line ({account})"
    return (f"{by.email}, {shell}" if by is not None else shell)[:254]
