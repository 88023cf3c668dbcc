"""The licensed wording file, checked against the scoring key without a database.

Every text here is synthetic: no real instrument's wording is ever in the repository.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from nestling.screening.scoring import default_library
from nestling.screening.scoring.wording import (
    ITEM_TEXT_MAX,
    OPTION_LABEL_MAX,
    read_wording,
    wording_template,
    wording_template_text,
)

LICENSED = [d.key for d in default_library() if d.wording == "licensed-import"]


def filled(instrument: str) -> dict[str, Any]:
    """The template of `instrument` with every blank filled in with synthetic text."""
    data = wording_template(default_library().get(instrument))
    data["preamble"] = "Synthetic preamble."
    for item in data["items"]:
        item["text"] = f"Synthetic item {item['number']} text"
        for p, option in enumerate(item["options"], start=1):
            option["label"] = f"Synthetic choice {item['number']}.{p}"
    return data


@pytest.mark.parametrize("key", LICENSED)
def test_a_filled_in_template_reads_back_as_the_keys_wording(key):
    # Given every licensed-import instrument's template, filled in
    definition = default_library().get(key)
    # When it is read
    wording, errors = read_wording(filled(key), default_library())
    # Then it has a text for each item and a label for each option, in the key's order
    assert errors == []
    assert wording is not None and wording.definition_key == key
    assert list(wording.items) == [item.id for item in definition.items]
    assert [len(wording.options[item.id]) for item in definition.items] == [
        len(item.options) for item in definition.items
    ]


def test_the_template_lists_every_item_with_its_option_scores_and_empty_strings():
    template = wording_template(default_library().get("epds"))

    assert template["instrument"] == "epds@1"
    assert len(template["items"]) == 10
    assert template["items"][2] == {
        "number": 3,
        "text": "",
        "options": [{"score": s, "label": ""} for s in (3, 2, 1, 0)],  # reverse scored, as printed
    }


def test_the_printed_template_is_the_same_json():
    definition = default_library().get("swyc-posi")

    assert json.loads(wording_template_text(definition)) == wording_template(definition)


def test_a_bare_instrument_id_means_its_latest_version():
    data = filled("hits")
    data["instrument"] = "hits"

    wording, errors = read_wording(data, default_library())

    assert errors == [] and wording is not None and wording.definition_key == "hits@1"


def test_every_problem_in_a_file_is_listed_together():
    # Given an EPDS copy with one item missing, an option missing, an empty text, an over-long text and
    # label, an unknown key at each level, and options typed in the wrong order
    data = filled("epds")
    data["language"] = "en"
    del data["items"][9]
    del data["items"][1]["options"][3]
    data["items"][2]["text"] = "   "
    data["items"][3]["text"] = "x" * (ITEM_TEXT_MAX + 1)
    data["items"][4]["options"][0]["label"] = "y" * (OPTION_LABEL_MAX + 1)
    data["items"][5]["note"] = "typed from the 2024 printing"
    data["items"][6]["options"][1]["hint"] = "?"
    data["items"][0]["options"].reverse()
    # When it is read
    wording, errors = read_wording(data, default_library())
    # Then nothing is accepted and each problem has its own line
    assert wording is None
    assert errors == [
        "file: unknown key 'language' (expected instrument, preamble, items)",
        "items: epds@1 has 10 items; the file has 9",
        "item 1, option 1: score is 3; the key scores this option 0 (options must be in printed order)",
        "item 1, option 2: score is 2; the key scores this option 1 (options must be in printed order)",
        "item 1, option 3: score is 1; the key scores this option 2 (options must be in printed order)",
        "item 1, option 4: score is 0; the key scores this option 3 (options must be in printed order)",
        "item 2: the key has 4 options; the file has 3",
        "item 3 text: is empty",
        f"item 4 text: is {ITEM_TEXT_MAX + 1} characters long; the limit is {ITEM_TEXT_MAX}",
        f"item 5, option 1 label: is {OPTION_LABEL_MAX + 1} characters long; the limit is {OPTION_LABEL_MAX}",
        "item 6: unknown key 'note' (expected number, text, options)",
        "item 7, option 2: unknown key 'hint' (expected score, label)",
    ]


def test_an_unknown_instrument_is_refused_and_the_rest_of_the_file_still_checked():
    data = filled("epds")
    data["instrument"] = "epds@7"
    data["items"][0]["text"] = ""

    wording, errors = read_wording(data, default_library())

    assert wording is None
    assert errors == ["instrument: epds has no version 7; versions: [1]", "item 1 text: is empty"]


def test_an_instrument_whose_wording_ships_is_refused():
    data = filled("epds")
    data["instrument"] = "phq-9"

    wording, errors = read_wording(data, default_library())

    assert wording is None
    assert errors == ["instrument: phq-9@1 ships with its wording; there is nothing to import"]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ([], "file: must be a JSON object"),
        ({"instrument": "epds@1"}, "items: must be a non-empty list"),
        ({"instrument": "epds@1", "items": [1]}, "item 1: must be an object with number, text and options"),
        ({"items": []}, "instrument: is required"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_with_a_message(data, error):
    wording, errors = read_wording(data, default_library())

    assert wording is None
    assert any(e.startswith(error) for e in errors), errors


def test_texts_are_stored_without_surrounding_spaces_and_a_missing_preamble_is_empty():
    data = filled("hits")
    del data["preamble"]
    data["items"][0]["text"] = "  Synthetic item 1 text \n"

    wording, errors = read_wording(data, default_library())

    assert errors == [] and wording is not None
    assert wording.preamble == ""
    assert wording.items["hurt"] == "Synthetic item 1 text"  # stored by the key's item id
