"""``nestling instruments list | validate [FILE ...] | pin``: the instrument library from the shell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nestling.screening.scoring.definition import Definition
from nestling.screening.scoring.library import (
    DefinitionError,
    definition_files,
    load_library,
    manifest_problems,
    pin_new_files,
    read_definition_file,
)


def _age(definition: Definition) -> str:
    if definition.age_range is None:
        return "-"
    return f"{definition.age_range.min_months}-{definition.age_range.max_months} mo"


class Command(BaseCommand):
    help = "List, validate or pin the instrument definitions."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        actions.add_parser("list", help="show the library with licence status and whether wording ships")
        validate = actions.add_parser("validate", help="validate definition files and list every error")
        validate.add_argument("files", nargs="*", type=Path, help="definition files (default: the library)")
        actions.add_parser("pin", help="record the SHA-256 of newly published files in MANIFEST.json")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list()
        elif action == "validate":
            self._validate(options["files"])
        else:
            for name in pin_new_files():
                self.stdout.write(f"pinned {name}")

    def _list(self) -> None:
        try:
            library = load_library()
        except DefinitionError as exc:
            raise CommandError("\n".join(exc.errors), returncode=2) from None
        header = f"{'instrument':<20} {'ver':>3}  {'about':<12} {'ages':<10} {'licence':<10} wording"
        self.stdout.write(header)
        for d in library:
            wording = "shipped" if d.wording == "shipped" else "not loaded (licence: import your own copy)"
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
