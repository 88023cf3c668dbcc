from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from nestling.operations.backup import BackupError, backup_postgres, backup_sqlite, summary


class Command(BaseCommand):
    help = (
        "Back up the database and the audit trail's anchor file into a new directory under DEST "
        "(SQLite: the online backup API, then an integrity check; PostgreSQL: pg_dump from one snapshot). "
        "Safe while Nestling runs. Restore with `nestling restore`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", type=Path, help="the directory to put the new backup in")

    def handle(self, *args: Any, **options: Any) -> None:
        database = settings.DATABASES["default"]
        anchors = Path(settings.AUDIT_ANCHOR_FILE)
        try:
            if connection.vendor == "sqlite":
                made = backup_sqlite(Path(database["NAME"]), options["dest"], anchors=anchors)
            elif connection.vendor == "postgresql":
                made = backup_postgres(database, options["dest"], anchors=anchors)
            else:
                raise BackupError(f"no backup for the {connection.vendor} database")
        except BackupError as error:
            raise CommandError(str(error), returncode=1) from error
        from nestling.operations.backup import Manifest

        self.stdout.write(f"backup written to {made}: {summary(Manifest.read(made).counts)}")
