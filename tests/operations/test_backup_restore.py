"""`nestling backup` taken while a writer writes, restored into an empty data dir (and database): the
restored audit trail verifies, every table holds the rows the backup counted, every write acknowledged
before the backup began is there, nothing that was never acknowledged is, and no caregiver is restored
without the subject every caregiver gets in the same transaction. On SQLite, or on PostgreSQL when the
suite runs there (DATABASE_URL)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

WRITER = Path(__file__).with_name("writer.py")


def _nestling(environment: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "nestling", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"nestling {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _server() -> dict[str, object]:
    settings = connection.settings_dict
    return {
        "host": settings.get("HOST") or None,
        "port": settings.get("PORT") or None,
        "user": settings.get("USER") or None,
        "password": settings.get("PASSWORD") or None,
    }


def _url(name: str) -> str:
    server = _server()
    auth = f"{server['user']}:{server['password']}@" if server["password"] else f"{server['user']}@"
    return f"postgres://{auth}{server['host']}:{server['port']}/{name}"


@pytest.fixture
def databases_made() -> Iterator[list[str]]:
    """PostgreSQL databases the test makes, dropped after it."""
    made: list[str] = []
    yield made
    if made:
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **_server()) as admin:
            for name in made:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _new_database(made: list[str]) -> str:
    import psycopg

    name = f"nestling_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **_server()) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    made.append(name)
    return name


def _restored_rows(on_postgres: bool, data_dir: Path, database: str | None) -> tuple[set[int], int]:
    """The load test's caregivers restored, and how many of them have no subject."""
    caregivers = "SELECT id FROM families_caregiver WHERE given_name LIKE 'Loadtest%'"
    orphans = (
        "SELECT COUNT(*) FROM families_caregiver c LEFT JOIN families_subject s ON s.caregiver_id = c.id "
        "WHERE c.given_name LIKE 'Loadtest%' AND s.uuid IS NULL"
    )
    if on_postgres:
        import psycopg

        with psycopg.connect(dbname=database, **_server()) as restored:
            ids = {row[0] for row in restored.execute(caregivers)}
            missing = restored.execute(orphans).fetchone()[0]
    else:
        with sqlite3.connect(data_dir / "nestling.sqlite3") as restored:
            ids = {row[0] for row in restored.execute(caregivers)}
            missing = restored.execute(orphans).fetchone()[0]
    return ids, missing


@pytest.mark.django_db
def test_a_backup_taken_under_writes_restores_whole(tmp_path, databases_made):
    on_postgres = connection.vendor == "postgresql"
    live, restored_dir = tmp_path / "live", tmp_path / "restored"
    environment = {
        **os.environ,
        "NESTLING_ENV": "development",
        "NESTLING_DEBUG": "false",
        "NESTLING_DATA_DIR": str(live),
        "NESTLING_AUDIT_ANCHOR_FILE": str(live / "audit-anchors.jsonl"),
    }
    environment.pop("DATABASE_URL", None)
    if on_postgres:
        environment["DATABASE_URL"] = _url(_new_database(databases_made))
    _nestling(environment, "migrate", "-v0")
    _nestling(environment, "demo", "--families", "3")
    _nestling(environment, "audit", "checkpoint")

    # Given a writer adding caregivers, one audited transaction each
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(stop)], env=environment, stdout=subprocess.PIPE, text=True
    )
    acks: list[tuple[int, float]] = []
    try:
        assert writer.stdout is not None

        def read_acks(count: int) -> None:
            for _ in range(count):
                line = writer.stdout.readline()  # type: ignore[union-attr]
                while line and not line.startswith("ack "):  # anything else the process prints
                    line = writer.stdout.readline()  # type: ignore[union-attr]
                assert line, "the writer stopped"
                _, pk, at = line.split()
                acks.append((int(pk), float(at)))

        read_acks(15)
        # When a backup is taken while it writes
        began = time.time()
        made = _nestling(environment, "backup", str(tmp_path / "backups"))
        read_acks(15)
    finally:
        stop.touch()
        # Read the rest through the same buffered stream (communicate() would skip what is buffered)
        remaining = writer.stdout.read() if writer.stdout else ""
        writer.wait(timeout=120)
    for line in remaining.splitlines():
        if line.startswith("ack "):
            _, pk, at = line.split()
            acks.append((int(pk), float(at)))
    assert writer.returncode == 0
    backup = next((tmp_path / "backups").iterdir())
    assert "backup written to" in made

    # And it is restored into an empty place
    restore = ["restore", str(backup), "--data-dir", str(restored_dir)]
    database = None
    if on_postgres:
        database = _new_database(databases_made)
        restore += ["--database-url", _url(database)]
    said = _nestling(environment, *restore)

    # Then the audit trail verifies there and every table holds what the backup counted
    assert "as the backup counted" in said
    assert "audit trail intact" in said
    # And every write acknowledged before the backup began is restored, none never acknowledged is,
    # and none is restored half-written
    ids, without_subject = _restored_rows(on_postgres, restored_dir, database)
    acknowledged = {pk for pk, _ in acks}
    before = {pk for pk, at in acks if at < began}
    assert before <= ids, f"lost {sorted(before - ids)}"
    assert ids <= acknowledged, f"never acknowledged: {sorted(ids - acknowledged)}"
    assert len(ids) < len(acknowledged), "the writer kept writing after the backup; those rows are not in it"
    assert without_subject == 0

    # And a second restore into the same place is refused, changing nothing
    again = subprocess.run(
        [sys.executable, "-m", "nestling", *restore],
        env=environment,
        capture_output=True,
        text=True,
    )
    assert again.returncode != 0
    assert "restore only into an empty" in again.stderr
