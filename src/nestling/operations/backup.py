"""Backups a small program can trust, and restoring one into an empty place.

A backup is a directory that is itself a data dir: the database (SQLite's file, copied with its online
backup API; or PostgreSQL's `pg_dump` custom-format archive), the audit trail's anchor file, and
`manifest.json` — when it was taken, from what, the row count of every table in the same snapshot as the
copy, and a SHA-256 of each file. Restoring copies it into an empty data dir (and, for PostgreSQL, an
empty database), checks the files against their hashes and the rows against the counts, and verifies the
audit trail there. Nothing is overwritten: a target that holds data is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SQLITE_NAME = "nestling.sqlite3"
PG_ARCHIVE = "nestling.pgdump"
ANCHORS_NAME = "audit-anchors.jsonl"
MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be done safely; the message says why and what to do."""


@dataclass
class Manifest:
    format: int
    taken_at: str
    database: str  # "sqlite" or "postgresql"
    counts: dict[str, int]
    files: dict[str, str] = field(default_factory=dict)  # name -> sha256

    def write(self, directory: Path) -> None:
        (directory / MANIFEST).write_text(json.dumps(asdict(self), indent=2, sort_keys=True) + "\n")

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST
        if not path.is_file():
            raise BackupError(f"{directory} is not a Nestling backup: it has no {MANIFEST}")
        data = json.loads(path.read_text())
        if data.get("format") != FORMAT:
            raise BackupError(
                f"{path} is in format {data.get('format')!r}; this Nestling reads format {FORMAT}"
            )
        return cls(**data)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _new_backup_dir(parent: Path) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    directory = parent / f"nestling-backup-{stamp}"
    suffix = 1
    while directory.exists():
        suffix += 1
        directory = parent / f"nestling-backup-{stamp}-{suffix}"
    directory.mkdir(mode=0o700)
    return directory


def _copy_anchors(anchors: Path | None, directory: Path, files: dict[str, str]) -> None:
    if anchors and anchors.is_file():
        shutil.copy2(anchors, directory / ANCHORS_NAME)
        files[ANCHORS_NAME] = sha256_of(directory / ANCHORS_NAME)


# SQLite -------------------------------------------------------------------------------------------------


def sqlite_counts(connection: sqlite3.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    counts = {}
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'  # a name from SQLite's own catalogue, as an identifier
        counts[table] = connection.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[0]  # noqa: S608
    return counts


def _sqlite_integrity(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        raise BackupError(f"{path} failed SQLite's integrity check: {'; '.join(result[:5])}")


def backup_sqlite(database: Path, into: Path, *, anchors: Path | None) -> Path:
    """Copy the live SQLite database (writers may go on writing: the copy is one consistent snapshot)."""
    if not database.is_file():
        raise BackupError(f"there is no database at {database}")
    directory = _new_backup_dir(into)
    target = directory / SQLITE_NAME
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step: one read transaction, one snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        counts = sqlite_counts(copy)
    finally:
        copy.close()
        source.close()
    _sqlite_integrity(target)
    files = {SQLITE_NAME: sha256_of(target)}
    _copy_anchors(anchors, directory, files)
    Manifest(FORMAT, _now(), "sqlite", counts, files).write(directory)
    return directory


def _empty_data_dir(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    taken = [p.name for p in (data_dir / SQLITE_NAME, data_dir / ANCHORS_NAME) if p.exists()]
    if taken:
        raise BackupError(
            f"{data_dir} already holds {', '.join(taken)}; restore only into an empty data dir "
            "(move the old one aside first)"
        )


def _check_files(backup: Path, manifest: Manifest) -> None:
    for name, digest in manifest.files.items():
        path = backup / name
        if not path.is_file():
            raise BackupError(f"the backup is missing {name}")
        if sha256_of(path) != digest:
            raise BackupError(f"{name} in the backup does not match its SHA-256 in the manifest: it changed")


def _check_counts(found: Mapping[str, int], manifest: Manifest) -> None:
    differing = {
        table: (count, found.get(table))
        for table, count in manifest.counts.items()
        if found.get(table) != count
    }
    if differing:
        shown = ", ".join(
            f"{t}: {want} in the backup, {got} restored" for t, (want, got) in differing.items()
        )
        raise BackupError(f"the restored rows differ from the backup's: {shown}")


def restore_sqlite(backup: Path, data_dir: Path) -> Manifest:
    manifest = Manifest.read(backup)
    if manifest.database != "sqlite":
        raise BackupError(f"this is a {manifest.database} backup; restore it with --database-url")
    _check_files(backup, manifest)
    _empty_data_dir(data_dir)
    target = data_dir / SQLITE_NAME
    partial = data_dir / f".{SQLITE_NAME}.restoring"
    shutil.copy2(backup / SQLITE_NAME, partial)
    try:
        _sqlite_integrity(partial)
        with sqlite3.connect(partial) as connection:
            _check_counts(sqlite_counts(connection), manifest)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if (backup / ANCHORS_NAME).is_file():
        shutil.copy2(backup / ANCHORS_NAME, data_dir / ANCHORS_NAME)
    os.replace(partial, target)  # the database appears whole, or not at all
    return manifest


# PostgreSQL ---------------------------------------------------------------------------------------------


def _pg_environment(settings_db: Mapping[str, Any]) -> dict[str, str]:
    environment = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings_db.get(key):
            environment[variable] = str(settings_db[key])
    environment["PGDATABASE"] = str(settings_db["NAME"])
    return environment


def _run(command: list[str], environment: Mapping[str, str]) -> None:
    try:
        # A fixed program (pg_dump, pg_restore) with arguments Nestling builds, never a shell.
        subprocess.run(command, env=dict(environment), check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as missing:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        ) from missing
    except subprocess.CalledProcessError as failed:
        raise BackupError(f"{command[0]} failed: {failed.stderr.strip()}") from failed


def pg_counts(cursor: Any) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    from psycopg import sql

    counts = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def backup_postgres(settings_db: Mapping[str, Any], into: Path, *, anchors: Path | None) -> Path:
    """`pg_dump` in custom format from an exported snapshot, with the row counts of that same snapshot."""
    import psycopg

    environment = _pg_environment(settings_db)
    directory = _new_backup_dir(into)
    archive = directory / PG_ARCHIVE
    with psycopg.connect(**_psycopg_args(settings_db)) as connection:
        connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()
        assert snapshot is not None
        with connection.cursor() as cursor:
            counts = pg_counts(cursor)
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot[0]}", f"--file={archive}"], environment)
        connection.execute("COMMIT")
    files = {PG_ARCHIVE: sha256_of(archive)}
    _copy_anchors(anchors, directory, files)
    Manifest(FORMAT, _now(), "postgresql", counts, files).write(directory)
    return directory


def _psycopg_args(settings_db: Mapping[str, Any]) -> dict[str, Any]:
    args: dict[str, Any] = {"dbname": settings_db["NAME"], "autocommit": True}
    for key, name in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if settings_db.get(key):
            args[name] = settings_db[key]
    return args


def restore_postgres(backup: Path, settings_db: Mapping[str, Any], data_dir: Path) -> Manifest:
    """Into an empty database that exists (create it with `createdb`), and an empty data dir."""
    import psycopg

    manifest = Manifest.read(backup)
    if manifest.database != "postgresql":
        raise BackupError(f"this is a {manifest.database} backup; restore it with --data-dir alone")
    _check_files(backup, manifest)
    _empty_data_dir(data_dir)
    with psycopg.connect(**_psycopg_args(settings_db)) as connection, connection.cursor() as cursor:
        if pg_counts(cursor):
            raise BackupError(
                f"database {settings_db['NAME']!r} is not empty; restore only into an empty one"
            )
    environment = _pg_environment(settings_db)
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={settings_db['NAME']}",
            str(backup / PG_ARCHIVE),
        ],
        environment,
    )
    with psycopg.connect(**_psycopg_args(settings_db)) as connection, connection.cursor() as cursor:
        _check_counts(pg_counts(cursor), manifest)
    if (backup / ANCHORS_NAME).is_file():
        shutil.copy2(backup / ANCHORS_NAME, data_dir / ANCHORS_NAME)
    return manifest


# After restoring ---------------------------------------------------------------------------------------


def verify_audit_trail(environment_overrides: Mapping[str, str | None]) -> str:
    """Run `nestling audit verify` against the restored data (a fresh process reads the new settings);
    an override of None removes the variable."""
    environment = dict(os.environ)
    for name, value in environment_overrides.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    result = subprocess.run(
        [sys.executable, "-m", "nestling", "audit", "verify"],
        env=environment,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(
            f"the restored audit trail does not verify: {result.stderr.strip() or result.stdout}"
        )
    return result.stdout.strip()


def summary(
    counts: Mapping[str, int], tables: Iterable[str] = ("audit_auditevent", "families_family")
) -> str:
    total = sum(counts.values())
    shown = ", ".join(f"{t} {counts[t]}" for t in tables if t in counts)
    return f"{total} rows in {len(counts)} tables ({shown})"
