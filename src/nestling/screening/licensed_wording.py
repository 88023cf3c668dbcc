"""An organization's licensed wording of the instruments whose licence keeps the text out of the
repository: importing and removing it (services, audited) and the lookups the pages make (selectors).

The file format and its check against the scoring key are pure (``scoring/wording.py``); what a page
calls each question and choice is decided in ``labels.py``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.organizations.models import Organization
from nestling.screening.models import InstrumentWording
from nestling.screening.scoring import Definition, UnknownInstrument, default_library
from nestling.screening.scoring.wording import LicensedWording, read_wording

LICENCE_REFERENCE_MAX = 300
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
WORDING_CATEGORY = "instrument_wording"


class WordingRefused(Exception):
    """Licensed wording cannot be imported or removed; `errors` lists every reason, one line each."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass(frozen=True)
class WordingImport:
    """What an import did: `checked` (a dry run), `created`, `replaced` or `unchanged` (the same file)."""

    outcome: Literal["checked", "created", "replaced", "unchanged"]
    definition_key: str
    language: str
    items: int
    wording: InstrumentWording | None


def wording_language_problem(language: str) -> str | None:
    """Why `language` cannot name a copy (None when it can): a code such as en, es or pt-br."""
    if not LANGUAGE_CODE.match(language):
        return f"language: {language!r} is not a language code such as en, es or pt-br"
    return None


def _read_wording_file(content: bytes) -> tuple[LicensedWording | None, list[str]]:
    try:
        data = json.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        return None, ["file: is not UTF-8 text"]
    except json.JSONDecodeError as exc:
        return None, [f"file: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
    return read_wording(data, default_library())


def instrument_wording_check(
    *, content: bytes, licence: str, language: str
) -> tuple[LicensedWording | None, list[str]]:
    """Check a wording file and the import's arguments together; return the wording or every error."""
    errors: list[str] = []
    if not licence.strip():
        errors.append("licence: say which licence or permission covers this copy, e.g. a letter's date")
    elif len(licence.strip()) > LICENCE_REFERENCE_MAX:
        errors.append(
            f"licence: is {len(licence.strip())} characters long; the limit is {LICENCE_REFERENCE_MAX}"
        )
    language_problem = wording_language_problem(language)
    if language_problem:
        errors.append(language_problem)
    wording, file_errors = _read_wording_file(content)
    return (wording if not errors else None), errors + file_errors


def instrument_wording_import(
    *,
    organization: Organization,
    content: bytes,
    licence: str,
    language: str,
    by: User | None,
    by_label: str = "",
    dry_run: bool = False,
) -> WordingImport:
    """Load an organization's licensed wording of one instrument version in one language.

    `content` is the file as read (its SHA-256 is kept). Every problem is raised together in
    WordingRefused and nothing is written. A re-import replaces the wording in place; importing the very
    same file under the same licence reference changes nothing. Each change is audited. `by` is the staff
    member responsible, when known; `by_label`, when given, says who ran it (with a shell account).
    """
    language = language.strip().lower()
    licence = licence.strip()
    wording, errors = instrument_wording_check(content=content, licence=licence, language=language)
    if errors or wording is None:
        raise WordingRefused(errors)
    items = len(wording.items)
    if dry_run:
        return WordingImport("checked", wording.definition_key, language, items, None)
    digest = hashlib.sha256(content).hexdigest()
    label = by_label or (by.email if by is not None else "command line")
    try:
        with transaction.atomic():
            row = (
                InstrumentWording.objects.select_for_update()
                .filter(organization=organization, definition=wording.definition_key, language=language)
                .first()
            )
            if row is not None and row.file_sha256 == digest and row.licence_reference == licence:
                return WordingImport("unchanged", wording.definition_key, language, items, row)
            before = None
            if row is None:
                row = InstrumentWording(
                    organization=organization, definition=wording.definition_key, language=language
                )
            else:
                before = {
                    "file_sha256": row.file_sha256,
                    "licence_reference": row.licence_reference,
                    "imported_at": row.imported_at.isoformat(),
                    "imported_by": row.imported_by_label,
                    "version": row.version,
                }
                row.version += 1
            row.preamble = wording.preamble
            row.item_texts = dict(wording.items)
            row.option_labels = {item_id: list(labels) for item_id, labels in wording.options.items()}
            row.licence_reference = licence
            row.file_sha256 = digest
            row.imported_at = timezone.now()
            row.imported_by = by
            row.imported_by_label = label
            if before is None:
                row.save(force_insert=True)
            else:
                row.save(
                    update_fields=[
                        "preamble",
                        "item_texts",
                        "option_labels",
                        "licence_reference",
                        "file_sha256",
                        "imported_at",
                        "imported_by",
                        "imported_by_label",
                        "version",
                        "updated_at",
                    ]
                )
            after = {
                "definition": row.definition,
                "language": language,
                "file_sha256": digest,
                "licence_reference": licence,
                "items": items,
                "imported_by": label,
                "version": row.version,
            }
            audit_record(
                actor=by,
                action=AuditAction.CREATE if before is None else AuditAction.CHANGE,
                category=WORDING_CATEGORY,
                organization_id=organization.pk,
                subject_type="instrumentwording",
                subject_id=row.uuid,
                detail={"after": after} if before is None else {"before": before, "after": after},
            )
    except IntegrityError:
        # Another import of the same instrument and language committed first.
        raise WordingRefused(
            ["another import of this wording ran at the same moment; run it again"]
        ) from None
    outcome: Literal["created", "replaced"] = "created" if before is None else "replaced"
    return WordingImport(outcome, wording.definition_key, language, items, row)


def instrument_wording_remove(
    *,
    organization: Organization,
    instrument: str,
    language: str | None = None,
    by: User | None,
    by_label: str = "",
) -> list[InstrumentWording]:
    """Remove an organization's wording of an instrument version: one language, or every language when
    `language` is None. Pages fall back to question numbers. Each removal is audited; removing what is
    not there raises WordingRefused."""
    try:
        definition = default_library().get(instrument)
    except UnknownInstrument as exc:
        raise WordingRefused([f"instrument: {exc}"]) from None
    label = by_label or (by.email if by is not None else "command line")
    with transaction.atomic():
        rows = InstrumentWording.objects.select_for_update().filter(
            organization=organization, definition=definition.key
        )
        if language is not None:
            rows = rows.filter(language=language.strip().lower())
        removed = list(rows.order_by("language"))
        if not removed:
            where = f" in {language!r}" if language is not None else ""
            raise WordingRefused([f"{organization.slug} has no wording of {definition.key}{where} to remove"])
        for row in removed:
            audit_record(
                actor=by,
                action=AuditAction.DELETE,
                category=WORDING_CATEGORY,
                organization_id=organization.pk,
                subject_type="instrumentwording",
                subject_id=row.uuid,
                detail={
                    "before": {
                        "definition": row.definition,
                        "language": row.language,
                        "file_sha256": row.file_sha256,
                        "licence_reference": row.licence_reference,
                        "version": row.version,
                    },
                    "removed_by": label,
                },
            )
            row.delete()
    return removed


# Selectors: one query each, none for an instrument whose wording ships.


def _language_preference(wording: InstrumentWording, language: str) -> tuple[int, str]:
    if wording.language == language:
        return 0, wording.language
    if wording.language.split("-")[0] == language.split("-")[0]:
        return 1, wording.language  # es-mx for es, and the other way round
    if wording.language == settings.LANGUAGE_CODE:
        return 2, wording.language
    return 3, wording.language


def instrument_wording_for(
    *, organization_id: int, definition: Definition, language: str
) -> InstrumentWording | None:
    """The organization's licensed wording of this definition: in `language` if it has it, else in
    another language it loaded (the site's default language first), else None. One query, and none for
    an instrument whose wording ships."""
    if definition.wording == "shipped":
        return None
    loaded = list(
        InstrumentWording.objects.filter(organization_id=organization_id, definition=definition.key)
    )
    language = language.lower()
    return min(loaded, key=lambda w: _language_preference(w, language), default=None)


def wording_loaded_keys(*, organization_id: int) -> set[str]:
    """The definition keys the organization has licensed wording for, in any language (one query)."""
    return set(
        InstrumentWording.objects.filter(organization_id=organization_id).values_list("definition", flat=True)
    )


@dataclass(frozen=True)
class LicensedInstrument:
    """A licensed-import definition and the copies of its wording the organization has loaded."""

    definition: Definition
    wordings: list[InstrumentWording]


def licensed_wording_status(*, organization_id: int) -> list[LicensedInstrument]:
    """Every instrument version whose wording a program must load, with what this organization has
    loaded of each (one query)."""
    loaded: dict[str, list[InstrumentWording]] = {}
    for wording in InstrumentWording.objects.filter(organization_id=organization_id).order_by(
        "definition", "language"
    ):
        loaded.setdefault(wording.definition, []).append(wording)
    return [
        LicensedInstrument(definition=d, wordings=loaded.get(d.key, []))
        for d in sorted(default_library(), key=lambda d: (d.title.lower(), d.version))
        if d.wording != "shipped"
    ]
