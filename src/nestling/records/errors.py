"""The errors of the one write path. Views turn them into form errors; none of them is an HTTP error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _


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
    # The stored forms of the values, for merging into a form the editor is still holding.
    before_value: Any = None
    after_value: Any = None


class StaleEdit(RecordInvalid):
    """The record changed since the editor loaded it; nothing was saved.

    `changes` says what the other person changed (from the record's history); `current_version` lets the
    editor save over it knowingly. As a RecordInvalid it reads as one message naming who changed what, for
    pages that do not show the changes field by field.
    """

    def __init__(self, *, current_version: int, changes: list[OtherChange]) -> None:
        self.current_version = current_version
        self.changes = changes
        who = sorted({change.by for change in changes if change.by})
        if who:
            message = _(
                "%(who)s changed this while you had it open, so nothing of yours was saved: %(what)s."
            ) % {
                "who": ", ".join(who),
                "what": "; ".join(f"{c.label}: {c.before} → {c.after}" for c in changes),
            }
        else:
            message = _("This changed while you had it open, so nothing of yours was saved; read it again.")
        super().__init__({"": [message]})


class AlreadyClosed(RecordInvalid):
    """The record was closed once already (an answered alert, a done task); it closes only once."""
