"""The instrument library: every shipped definition file, validated on load.

Files live in ``nestling/screening/instruments/<id>@<version>.json``. A published file never changes;
``MANIFEST.json`` pins each file's SHA-256 so that an edit to a published version is caught.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .definition import Definition, definition_from_dict
from .validate import validate_definition, validate_file_name

INSTRUMENTS_DIR = Path(__file__).resolve().parent.parent / "instruments"
MANIFEST_NAME = "MANIFEST.json"


class DefinitionError(ValueError):
    """A definition file is not valid; ``errors`` lists every problem found."""

    def __init__(self, source: str, errors: list[str]) -> None:
        self.source = source
        self.errors = errors
        super().__init__(f"{source}: {len(errors)} error(s): " + "; ".join(errors))


class UnknownInstrument(LookupError):
    pass


def read_definition_file(path: Path) -> tuple[Any, list[str]]:
    """Read one file; return its data and every problem with it (JSON, name and content)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"file: cannot be read ({exc})"]
    except json.JSONDecodeError as exc:
        return None, [f"file: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
    return data, validate_file_name(path.name, data) + validate_definition(data)


def load_definition_file(path: Path) -> Definition:
    data, errors = read_definition_file(path)
    if errors:
        raise DefinitionError(path.name, errors)
    return definition_from_dict(data)


def definition_files(directory: Path = INSTRUMENTS_DIR) -> list[Path]:
    return sorted(p for p in directory.glob("*.json") if p.name != MANIFEST_NAME)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_problems(directory: Path = INSTRUMENTS_DIR) -> list[str]:
    """Compare the files on disk with the pinned hashes; a changed published file is a problem."""
    manifest_path = directory / MANIFEST_NAME
    try:
        pinned: dict[str, str] = json.loads(manifest_path.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return [f"{MANIFEST_NAME}: missing or unreadable"]
    problems = []
    on_disk = {p.name: p for p in definition_files(directory)}
    for name, digest in sorted(pinned.items()):
        if name not in on_disk:
            problems.append(f"{name}: published but missing (a published version is never removed)")
        elif file_sha256(on_disk[name]) != digest:
            problems.append(f"{name}: changed after publication; publish a new version file instead")
    for name in sorted(set(on_disk) - set(pinned)):
        problems.append(f"{name}: not in {MANIFEST_NAME}; pin its hash when publishing it")
    return problems


def pin_new_files(directory: Path = INSTRUMENTS_DIR) -> list[str]:
    """Add files missing from the manifest; never re-pin a file whose hash is already recorded."""
    manifest_path = directory / MANIFEST_NAME
    manifest: dict[str, Any] = {"files": {}}
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    pinned: dict[str, str] = manifest.setdefault("files", {})
    added = []
    for path in definition_files(directory):
        if path.name not in pinned:
            pinned[path.name] = file_sha256(path)
            added.append(path.name)
    manifest["files"] = dict(sorted(pinned.items()))
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return added


@dataclass(frozen=True)
class Library:
    definitions: tuple[Definition, ...]

    def __iter__(self) -> Iterator[Definition]:
        return iter(self.definitions)

    def ids(self) -> list[str]:
        return sorted({d.id for d in self.definitions})

    def versions(self, instrument_id: str) -> list[int]:
        return sorted(d.version for d in self.definitions if d.id == instrument_id)

    def latest(self) -> list[Definition]:
        return [self.get(i) for i in self.ids()]

    def get(self, instrument_id: str, version: int | None = None) -> Definition:
        """Look up ``id`` (latest version) or ``id`` at a given version; ``id@N`` also works."""
        if version is None and "@" in instrument_id:
            instrument_id, _, raw = instrument_id.partition("@")
            if not raw.isdigit():
                raise UnknownInstrument(f"{instrument_id}@{raw}: version must be a number")
            version = int(raw)
        versions = self.versions(instrument_id)
        if not versions:
            raise UnknownInstrument(f"unknown instrument {instrument_id!r}; known: {', '.join(self.ids())}")
        wanted = versions[-1] if version is None else version
        for definition in self.definitions:
            if definition.id == instrument_id and definition.version == wanted:
                return definition
        raise UnknownInstrument(f"{instrument_id} has no version {wanted}; versions: {versions}")


def load_library(directory: Path = INSTRUMENTS_DIR) -> Library:
    """Load every definition file; raise one DefinitionError listing all problems in all files."""
    definitions = []
    errors: list[str] = []
    for path in definition_files(directory):
        data, problems = read_definition_file(path)
        if problems:
            errors.extend(f"{path.name}: {p}" for p in problems)
        else:
            definitions.append(definition_from_dict(data))
    if errors:
        raise DefinitionError(str(directory), errors)
    return Library(tuple(definitions))


@cache
def default_library() -> Library:
    """The shipped library, loaded once per process."""
    return load_library()
