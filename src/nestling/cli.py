"""The `nestling` command: Django's management commands plus Nestling's own (demo, audit, score, growth…)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nestling", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
