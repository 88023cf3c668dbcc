"""Domain errors of the family record. Views turn them into form errors; none of them is an HTTP error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


class RecordInvalid(Exception):
    """The values cannot be saved. `errors` maps a field name (or "" for the whole record) to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(
            "; ".join(f"{field or 'record'}: {' '.join(msgs)}" for field, msgs in errors.items())
        )


@dataclass(frozen=True)
class OtherChange:
    """One field someone else changed after the editor opened the form."""

    field: str
    label: str
    before: str
    after: str
    by: str
    at: datetime
    # The stored (audit) forms of the values, for merging into a form the editor is still holding.
    before_value: Any = None
    after_value: Any = None


class StaleEdit(Exception):
    """The record changed since the editor loaded it; nothing was saved.

    `changes` says what the other person changed; `current_version` lets the editor save over it knowingly.
    """

    def __init__(self, *, current_version: int, changes: list[OtherChange]) -> None:
        self.current_version = current_version
        self.changes = changes
        super().__init__(f"stale edit: the record is now at version {current_version}")


class PossibleDuplicate(Exception):
    """Someone with a similar name and the same date of birth is already recorded; confirm to go on."""

    def __init__(self, matches: list[Any]) -> None:
        self.matches = matches
        super().__init__(f"{len(matches)} possible duplicate(s)")
