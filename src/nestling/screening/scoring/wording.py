"""A program's licensed wording for an instrument whose licence keeps the text out of the repository.

The program types its own licensed copy into a file shaped like ``wording_template``; ``read_wording``
checks that file against the scoring key and lists every problem, not just the first. The item numbers
and option scores in the file are there to be checked: a copy typed in a different order than the key
(a reverse-scored item, say) is caught rather than shown against the wrong scores.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .definition import Definition
from .library import Library, UnknownInstrument

ITEM_TEXT_MAX = 1000
OPTION_LABEL_MAX = 300
PREAMBLE_MAX = 4000

FILE_KEYS = ("instrument", "preamble", "items")
ITEM_KEYS = ("number", "text", "options")
OPTION_KEYS = ("score", "label")


@dataclass(frozen=True)
class LicensedWording:
    """Checked wording of one instrument version: texts and labels by item id, in printed order."""

    definition_key: str
    preamble: str
    items: Mapping[str, str]
    options: Mapping[str, tuple[str, ...]]


def wording_template(definition: Definition) -> dict[str, Any]:
    """The file a program fills in: every item and option of the key, with empty strings to type into."""
    return {
        "instrument": definition.key,
        "preamble": "",
        "items": [
            {
                "number": item.number,
                "text": "",
                "options": [{"score": option.score, "label": ""} for option in item.options],
            }
            for item in definition.items
        ],
    }


def wording_template_text(definition: Definition) -> str:
    """The template as JSON to type into, one line per answer choice so that it reads like the form."""
    template = wording_template(definition)
    items = []
    for item in template["items"]:
        options = ",\n".join(f"        {json.dumps(option)}" for option in item["options"])
        items.append(
            "    {\n"
            f'      "number": {item["number"]},\n'
            '      "text": "",\n'
            f'      "options": [\n{options}\n      ]\n'
            "    }"
        )
    body = ",\n".join(items)
    return (
        "{\n"
        f'  "instrument": {json.dumps(template["instrument"])},\n'
        '  "preamble": "",\n'
        f'  "items": [\n{body}\n  ]\n'
        "}"
    )


def _unknown_keys(errors: list[str], where: str, data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    for key in data:
        if key not in allowed:
            errors.append(f"{where}: unknown key {key!r} (expected {', '.join(allowed)})")


def _text(errors: list[str], where: str, value: Any, limit: int, *, required: bool = True) -> str:
    """The stripped text, or "" after reporting why it cannot be used."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        errors.append(f"{where}: must be text (got {type(value).__name__})")
        return ""
    text = value.strip()
    if required and not text:
        errors.append(f"{where}: is empty")
    elif len(text) > limit:
        errors.append(f"{where}: is {len(text)} characters long; the limit is {limit}")
    return text


def _definition(errors: list[str], value: Any, library: Library) -> Definition | None:
    if not isinstance(value, str) or not value.strip():
        errors.append("instrument: is required, e.g. epds@1")
        return None
    try:
        definition = library.get(value.strip())
    except UnknownInstrument as exc:
        errors.append(f"instrument: {exc}")
        return None
    if definition.wording == "shipped":
        errors.append(f"instrument: {definition.key} ships with its wording; there is nothing to import")
        return None
    return definition


def read_wording(data: Any, library: Library) -> tuple[LicensedWording | None, list[str]]:
    """Check a wording file's data against the key it names; return the wording, or None and every error.

    When the instrument cannot be used (unknown, or its wording ships), the rest of the file is still
    checked for shape, empty and over-long texts, so one run reports everything to fix.
    """
    errors: list[str] = []
    if not isinstance(data, Mapping):
        return None, [
            "file: must be a JSON object like the one `nestling instruments wording-template` prints"
        ]
    _unknown_keys(errors, "file", data, FILE_KEYS)
    definition = _definition(errors, data.get("instrument"), library)
    preamble = _text(errors, "preamble", data.get("preamble"), PREAMBLE_MAX, required=False)

    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        errors.append("items: must be a non-empty list, one entry per question")
        raw_items = []
    key_items = definition.items if definition is not None else ()
    if definition is not None and raw_items and len(raw_items) != len(key_items):
        errors.append(f"items: {definition.key} has {len(key_items)} items; the file has {len(raw_items)}")

    texts: dict[str, str] = {}
    labels: dict[str, tuple[str, ...]] = {}
    for n, raw in enumerate(raw_items):
        key_item = key_items[n] if n < len(key_items) else None
        where = f"item {key_item.number if key_item is not None else n + 1}"
        if not isinstance(raw, Mapping):
            errors.append(f"{where}: must be an object with number, text and options")
            continue
        _unknown_keys(errors, where, raw, ITEM_KEYS)
        number = raw.get("number")
        if key_item is not None and number != key_item.number:
            errors.append(f"{where}: number is {number!r}; the key's item in this place is {key_item.number}")
        text = _text(errors, f"{where} text", raw.get("text"), ITEM_TEXT_MAX)
        raw_options = raw.get("options")
        if not isinstance(raw_options, list) or not raw_options:
            errors.append(f"{where}: options must be a non-empty list, in printed order")
            raw_options = []
        key_options = key_item.options if key_item is not None else ()
        if key_item is not None and raw_options and len(raw_options) != len(key_options):
            errors.append(f"{where}: the key has {len(key_options)} options; the file has {len(raw_options)}")
        item_labels = []
        for p, option in enumerate(raw_options):
            here = f"{where}, option {p + 1}"
            if not isinstance(option, Mapping):
                errors.append(f"{here}: must be an object with score and label")
                continue
            _unknown_keys(errors, here, option, OPTION_KEYS)
            if p < len(key_options) and option.get("score") != key_options[p].score:
                errors.append(
                    f"{here}: score is {option.get('score')!r}; the key scores this option "
                    f"{key_options[p].score} (options must be in printed order)"
                )
            item_labels.append(_text(errors, f"{here} label", option.get("label"), OPTION_LABEL_MAX))
        if key_item is not None:
            texts[key_item.id] = text
            labels[key_item.id] = tuple(item_labels)

    if errors or definition is None:
        return None, errors
    return LicensedWording(definition.key, preamble, texts, labels), []
