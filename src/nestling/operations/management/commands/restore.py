from __future__ import annotations

from pathlib import Path
from typing import Any

import environ
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nestling.operations.backup import (
    ANCHORS_NAME,
    BackupError,
    restore_postgres,
    restore_sqlite,
    summary,
    verify_audit_trail,
)


class Command(BaseCommand):
    help = (
        "Restore a backup made by `nestling backup` into an EMPTY data dir (and, for PostgreSQL, an empty "
        "database that exists: `createdb` it first), check every file and table against the backup's "
        "manifest, and verify the audit trail there. Never overwrites: a target holding data is refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="the backup directory (nestling-backup-…)")
        parser.add_argument("--data-dir", type=Path, required=True, help="the empty data dir to restore into")
        parser.add_argument(
            "--database-url", help="for a PostgreSQL backup: the empty database to restore into"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir: Path = options["data_dir"].resolve()
        url = options["database_url"]
        overrides: dict[str, str | None] = {
            "NESTLING_DATA_DIR": str(data_dir),
            "NESTLING_AUDIT_ANCHOR_FILE": str(data_dir / ANCHORS_NAME),
        }
        try:
            if url:
                manifest = restore_postgres(options["backup"], environ.Env.db_url_config(url), data_dir)
                overrides["DATABASE_URL"] = url
            else:
                manifest = restore_sqlite(options["backup"], data_dir)
                overrides["DATABASE_URL"] = None
            verified = verify_audit_trail(overrides)
        except BackupError as error:
            raise CommandError(str(error), returncode=1) from error
        self.stdout.write(f"restored into {data_dir}: {summary(manifest.counts)}, as the backup counted")
        self.stdout.write(verified)
