from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nestling.audit.checkpoints import AuditTrailBroken, audit_checkpoint_write
from nestling.audit.verify import AuditVerification, ChainProblem, audit_chains_verify


class Command(BaseCommand):
    help = (
        "Audit trail tools. `audit verify` checks that no row was altered or removed; `audit checkpoint` "
        "appends a signed checkpoint of every chain to the anchor file (run it periodically)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        anchors_help = "the anchor file (default: the NESTLING_AUDIT_ANCHOR_FILE setting)"
        verify = sub.add_parser("verify", help="Check every audit lane's hashes, links and checkpoints.")
        verify.add_argument("--anchors", type=Path, help=anchors_help)
        checkpoint = sub.add_parser(
            "checkpoint", help="Check the trail since the last checkpoint, then append a new checkpoint."
        )
        checkpoint.add_argument("--anchors", type=Path, help=anchors_help)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "checkpoint":
            self._checkpoint(options["anchors"])
        else:
            self._verify(options["anchors"])

    def _verify(self, anchors: Path | None) -> None:
        verification = audit_chains_verify(anchor_file=anchors)
        if verification.problems:
            self._refuse(
                verification.problems,
                f"audit trail is NOT intact: {len(verification.problems)} problem(s) in "
                f"{verification.checked} rows",
            )
        self.stdout.write(
            f"audit trail intact: {verification.checked} rows checked in {len(verification.lanes)} lane(s); "
            + _checkpoint_words(verification)
        )

    def _checkpoint(self, anchors: Path | None) -> None:
        try:
            checkpoint, verification = audit_checkpoint_write(anchor_file=anchors)
        except AuditTrailBroken as broken:
            self._refuse(
                broken.problems,
                f"no checkpoint written: {len(broken.problems)} problem(s) in the audit trail",
            )
        chains = {lane.chain for lane in checkpoint.lanes}
        self.stdout.write(
            f"checkpoint written to {verification.anchor_path}: {len(checkpoint.lanes)} lane(s) of "
            f"{len(chains)} chain(s), {verification.checked} new row(s) checked"
        )

    def _refuse(self, problems: list[ChainProblem], summary: str) -> NoReturn:
        for problem in problems:
            self.stderr.write(str(problem))
        raise CommandError(summary, returncode=1)


def _checkpoint_words(verification: AuditVerification) -> str:
    latest = verification.anchors.latest
    if latest is None:
        return f"no checkpoint yet in {verification.anchor_path}"
    return f"last checkpoint {latest.written_at} ({len(latest.lanes)} lane(s) anchored)"
