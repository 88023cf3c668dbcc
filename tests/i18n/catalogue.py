"""Reading Nestling's catalogues: where they are, and what a translation must keep of its English."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polib

import nestling

SOURCE = Path(nestling.__file__).parent
LOCALE = SOURCE / "locale"
TRANSLATED = ("es", "nl")

# %(name)s, %s, %d, %%; {name} and {0}; an HTML tag's name (attributes may be reordered but not lost)
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")
_BRACES = re.compile(r"\{[A-Za-z_0-9.]*\}")
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^>]*>")


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(po_path(language)))


def keeps(text: str) -> Counter[str]:
    """What a translation must carry over unchanged: placeholders and HTML tags, each as often."""
    kept: Counter[str] = Counter(_PERCENT.findall(text))
    kept.update(_BRACES.findall(text))
    kept.update(
        f"<{'/' if m.group(0).startswith('</') else ''}{m.group(1).lower()}>" for m in _TAG.finditer(text)
    )
    return kept


def translations_of(entry: polib.POEntry) -> list[tuple[str, str]]:
    """Each (English, translation) pair of an entry: one, or one per plural form."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [(entry.msgid if i == 0 else entry.msgid_plural, form) for i, form in enumerate(forms)]


def is_translated(entry: polib.POEntry) -> bool:
    return all(text for _, text in translations_of(entry))


def key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
