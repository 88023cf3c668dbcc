from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from nestling.demo.builder import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_build, demo_current_code, demo_exists


class Command(BaseCommand):
    help = "Create the demo organization with synthetic families, or print a demo account's sign-in code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--families", type=int, default=24, help="How many families (default 24).")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the demo already exists.")
        parser.add_argument(
            "--code", metavar="EMAIL", help="Print the current authenticator code of a demo account."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("the demo is not available with production settings", returncode=2)
        if options["code"]:
            try:
                self.stdout.write(demo_current_code(options["code"]))
            except LookupError:
                raise CommandError(f"{options['code']} is not a demo account", returncode=2) from None
            return
        if options["families"] < 1:
            raise CommandError("--families must be at least 1", returncode=2)
        if demo_exists():
            if options["if_empty"]:
                self.stdout.write("The demo organization is already there.")
                self._print_logins([])
                return
            raise CommandError("the demo organization already exists (use a fresh database)", returncode=2)
        result = demo_build(families=options["families"])
        # Fresh statistics after a bulk load, so the query planner does not guess at table sizes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Created {result.organization.name}: {result.families} families in {result.seconds:.1f} s."
        )
        self._print_logins(result.logins)

    def _print_logins(self, logins: list[tuple[str, str]]) -> None:
        from nestling.demo.builder import DEMO_DOMAIN, STAFF
        from nestling.demo.portal import portal_logins

        rows = logins or [
            (f"{local}@{DEMO_DOMAIN}", ", ".join(str(r.label) for r in roles))
            for local, _f, _l, roles in STAFF
        ] + portal_logins(DEMO_DOMAIN)
        self.stdout.write("\nDemo sign-ins (synthetic data only) — password for all: " + DEMO_PASSWORD)
        for email, roles in rows:
            self.stdout.write(f"  {email:<40} {roles}")
        self.stdout.write(
            "\nEvery staff account needs a second step (a caregiver may add one). "
            "Add this key to an authenticator app: "
            f"{DEMO_TOTP_SECRET}\n(or print the current code with: nestling demo --code EMAIL)"
        )
