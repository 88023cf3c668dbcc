from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nestling.audit.verify import audit_chains_verify


class Command(BaseCommand):
    help = "Audit trail tools. `audit verify` checks that no row was altered or removed."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="Check every audit chain's hashes and links.")

    def handle(self, *args: Any, **options: Any) -> None:
        checked, problems = audit_chains_verify()
        if problems:
            for problem in problems:
                self.stderr.write(f"chain {problem.chain}, row {problem.seq}: {problem.message}")
            raise CommandError(
                f"audit trail is NOT intact: {len(problems)} problem(s) in {checked} rows", returncode=1
            )
        self.stdout.write(f"audit trail intact: {checked} rows checked")
