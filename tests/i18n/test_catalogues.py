"""The Spanish and Dutch catalogues are complete: every string of every page, email and message has a
translation that keeps its placeholders and tags, nothing is guessed (fuzzy) or left over (obsolete), the
compiled catalogues say what their sources say, and no string in the source is missing from them."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from tests.i18n.catalogue import TRANSLATED, catalogue, is_translated, keeps, key, po_path, translations_of
from tests.i18n.extract import extract_into


def where(entry: polib.POEntry) -> str:
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{context}{entry.msgid!r} ({', '.join(f for f, _ in entry.occurrences)})"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_header_names_the_language_and_its_plural_rule(language):
    po = catalogue(language)

    assert po.metadata["Language"] == language
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_is_translated_and_none_is_fuzzy_or_obsolete(language):
    po = catalogue(language)

    empty = [where(e) for e in po if not e.obsolete and not is_translated(e)]
    fuzzy = [where(e) for e in po if "fuzzy" in e.flags]
    obsolete = [where(e) for e in po.obsolete_entries()]

    assert not empty, f"{len(empty)} untranslated in {language}:\n" + "\n".join(empty[:50])
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}:\n" + "\n".join(fuzzy[:50])
    assert not obsolete, f"{len(obsolete)} obsolete in {language}:\n" + "\n".join(obsolete[:50])


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_translation_keeps_the_placeholders_and_tags_of_its_english(language):
    lost = []
    for entry in catalogue(language):
        for number, (english, translation) in enumerate(translations_of(entry)):
            if not translation:
                continue
            wanted = [keeps(english)]
            if entry.msgid_plural and number == 0:
                # a singular may name its count ("one family") or write it ("%(count)s family")
                wanted.append(keeps(entry.msgid_plural))
            if keeps(translation) not in wanted:
                lost.append(f"{where(entry)}: {translation!r}")
    assert not lost, f"{len(lost)} translations change placeholders or tags in {language}:\n" + "\n".join(
        lost
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_says_what_its_source_says(language):
    po = catalogue(language)
    mo = polib.mofile(str(po_path(language).with_suffix(".mo")))

    def pairs(entries):
        return {key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in entries if e.msgid}

    assert pairs(e for e in po if is_translated(e) and "fuzzy" not in e.flags) == pairs(mo), (
        f"{language}: the .mo is stale; rebuild it (docs/translating.md)"
    )
    assert mo.metadata.get("Plural-Forms") == po.metadata["Plural-Forms"]


def test_every_translatable_string_in_the_source_is_in_the_catalogues(tmp_path: Path):
    extracted = extract_into(tmp_path)

    for language in TRANSLATED:
        now = {key(e) for e in polib.pofile(str(extracted / language / "LC_MESSAGES" / "django.po"))}
        kept = {key(e) for e in catalogue(language)}
        missing, gone = sorted(now - kept), sorted(kept - now)
        assert not missing, f"{language}: not in the catalogue yet (run makemessages):\n" + "\n".join(
            map(repr, missing)
        )
        assert not gone, f"{language}: no longer in the source (run makemessages):\n" + "\n".join(
            map(repr, gone)
        )
