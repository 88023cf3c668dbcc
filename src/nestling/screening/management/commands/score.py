"""``nestling score INSTRUMENT --answers P1,P2,... [--context key=value ...]``.

A stable interface for programs and tests: each P is the 0-based position of the chosen option in the
order the published form prints it; an empty P leaves the item unanswered; ``2+4`` chooses several
options on a check-all-that-apply item. Prints one JSON object. Bad input exits with status 2.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nestling.screening.scoring import Answer, ScoringError, UnknownInstrument, default_library, score

POSITION = re.compile(r"^\d+$")


def parse_answers(raw: str) -> list[Answer]:
    answers: list[Answer] = []
    for n, part in enumerate(raw.split(","), start=1):
        part = part.strip()
        if not part:
            answers.append(None)
            continue
        choices = part.split("+")
        if not all(POSITION.match(c) for c in choices):
            raise CommandError(f"answer {n} ({part!r}) is not a position such as 0, 1 or 2+3", returncode=2)
        positions = tuple(int(c) for c in choices)
        answers.append(positions[0] if len(positions) == 1 else positions)
    return answers


def parse_context(pairs: list[str]) -> dict[str, str]:
    context: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise CommandError(f"context {pair!r} must look like key=value", returncode=2)
        context[key.strip()] = value.strip()
    return context


class Command(BaseCommand):
    help = "Score one administration of an instrument and print the result as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instrument", help="instrument id, e.g. phq-9 (or phq-9@1 for a version)")
        parser.add_argument(
            "--answers",
            required=True,
            help="comma-separated 0-based option positions in printed order; empty = unanswered",
        )
        parser.add_argument(
            "--context",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="context the instrument needs, e.g. sex=female for audit-c (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            definition = default_library().get(options["instrument"])
        except UnknownInstrument as exc:
            raise CommandError(str(exc), returncode=2) from None
        answers = parse_answers(options["answers"])
        context = parse_context(options["context"])
        try:
            result = score(definition, answers, context)
        except ScoringError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(json.dumps(result.summary()))
