"""The shipped library: every definition validates, published files are pinned, licences are kept."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nestling.screening.scoring import DefinitionError, UnknownInstrument, default_library, load_library
from nestling.screening.scoring.library import (
    INSTRUMENTS_DIR,
    definition_files,
    manifest_problems,
    read_definition_file,
)
from nestling.screening.scoring.validate import validate_definition

ISSUE_IDS = {
    "phq-9",
    "phq-2",
    "gad-7",
    "gad-2",
    "audit-c",
    "hunger-vital-sign",
    "whooley",
    "aces",
    "epds",
    "hits",
    "mchat-r",
    "swyc-bpsc",
    "swyc-ppsc",
    "swyc-posi",
}
LICENSED = {"epds", "hits", "mchat-r", "mchat-r-follow-up", "swyc-bpsc", "swyc-ppsc", "swyc-posi"}


def raw(instrument_file: str) -> dict:
    return json.loads((INSTRUMENTS_DIR / instrument_file).read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", definition_files(), ids=lambda p: p.name)
def test_every_shipped_definition_validates(path: Path):
    _, errors = read_definition_file(path)

    assert errors == []


def test_the_library_holds_every_instrument_the_issue_names():
    assert set(default_library().ids()) >= ISSUE_IDS


def test_no_published_definition_has_changed_since_it_was_pinned():
    assert manifest_problems() == []


def test_editing_a_published_file_is_caught(tmp_path: Path):
    for path in INSTRUMENTS_DIR.iterdir():
        shutil.copy(path, tmp_path / path.name)
    edited = tmp_path / "phq-9@1.json"
    edited.write_text(edited.read_text(encoding="utf-8").replace('"Mild"', '"Mildish"'), encoding="utf-8")
    (tmp_path / "phq-9@2.json").write_text("{}", encoding="utf-8")

    problems = manifest_problems(tmp_path)

    assert any(p.startswith("phq-9@1.json: changed after publication") for p in problems)
    assert any(p.startswith("phq-9@2.json: not in MANIFEST.json") for p in problems)


@pytest.mark.parametrize("instrument", sorted(LICENSED))
def test_licensed_instruments_ship_no_item_wording(instrument: str):
    data = raw(f"{instrument}@1.json")

    assert data["wording"] == "licensed-import"
    assert "preamble" not in data
    assert all("text" not in item for item in data["items"])


def test_phq_and_gad_definitions_keep_the_pfizer_copyright_line():
    for instrument in ("phq-9", "phq-2", "gad-7", "gad-2"):
        notice = default_library().get(instrument).licence.notice

        assert notice is not None and "Copyright © Pfizer Inc" in notice


def test_lookup_takes_an_explicit_version_and_rejects_an_unknown_one():
    library = default_library()

    assert library.get("phq-9@1").version == 1
    assert library.versions("phq-9") == [1]
    with pytest.raises(UnknownInstrument):
        library.get("phq-9@7")
    with pytest.raises(UnknownInstrument):
        library.get("phq-10")


def test_the_validator_reports_several_errors_at_once():
    broken = raw("phq-9@1.json")
    broken["respondent"] = "robot"
    broken["items"][2]["number"] = 9
    broken["option_sets"]["frequency"][1]["score"] = "one"
    broken["bands"]["ranges"][1]["min"] = 6
    broken["positive"] = {"kind": "total_at_least"}
    broken["items"][8]["flags"][0]["min_score"] = 9

    errors = validate_definition(broken)

    assert len(errors) >= 6
    joined = "\n".join(errors)
    for where in (
        "respondent",
        "items[2].number",
        "option_sets.frequency[1].score",
        "bands.ranges[1].min",
        "positive.value",
        "items[8].flags[0].min_score",
    ):
        assert where in joined


def test_the_validator_refuses_item_wording_in_a_licensed_definition():
    leaked = raw("epds@1.json")
    leaked["items"][0]["text"] = "An item stem that must not be in the repository"

    assert any("licensed, not shipped" in e for e in validate_definition(leaked))


def test_a_library_with_a_broken_file_lists_every_problem_in_one_error(tmp_path: Path):
    good = raw("gad-2@1.json")
    (tmp_path / "gad-2@1.json").write_text(json.dumps(good), encoding="utf-8")
    bad = copy.deepcopy(good)
    bad["subject"] = "dog"
    bad["bands"] = {"by": "total", "ranges": [{"id": "a", "label": "A", "min": 0, "max": 2}]}
    (tmp_path / "gad-2@2.json").write_text(json.dumps(bad), encoding="utf-8")
    (tmp_path / "broken@1.json").write_text("{not json", encoding="utf-8")

    with pytest.raises(DefinitionError) as caught:
        load_library(tmp_path)

    errors = caught.value.errors
    assert any(e.startswith("broken@1.json: file: is not valid JSON") for e in errors)
    assert any("gad-2@2.json: file name: version 2" in e for e in errors)  # file name says 2, content says 1
    assert any("gad-2@2.json: subject" in e for e in errors)
    assert any("gad-2@2.json: bands.ranges" in e for e in errors)


def test_the_validator_accepts_no_garbage_silently():
    assert validate_definition([1, 2, 3]) == ["definition: must be a JSON object"]


@given(
    st.dictionaries(
        st.sampled_from(["id", "version", "items", "bands", "positive", "missing", "licence"]),
        st.one_of(
            st.none(),
            st.integers(),
            st.text(alphabet="ab-9", max_size=5),
            st.lists(st.integers(), max_size=3),
        ),
    )
)
def test_the_validator_returns_errors_rather_than_crashing_on_any_shape(data):
    errors = validate_definition(data)

    assert isinstance(errors, list) and errors


def test_a_skip_that_points_backwards_or_gives_a_score_the_item_lacks_is_refused_with_every_reason():
    data = raw("audit-c@2.json")
    data["skip"] = [
        {"when": {"item": "3", "scores": [0]}, "items": ["2"], "score_as": 9},
        {"when": {"item": "9", "scores": [7]}, "items": ["x"], "score_as": 0},
    ]

    errors = validate_definition(data)

    assert "skip[0].items: item '2' must come after item '3'" in errors
    assert "skip[1].when.item: must name a scored item (got '9')" in errors
    assert "skip[1].items: names an unknown or unscored item 'x'" in errors
    data["skip"] = [{"when": {"item": "1", "scores": [0]}, "items": ["2"], "score_as": 9}]
    assert validate_definition(data) == ["skip[0].score_as: is not a score of item '2'"]


GARBAGE = [None, 1, -1, True, "x", [], {}, [1], [None], {"a": 1}]


def _paths(node, prefix=()):
    yield prefix
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from _paths(child, (*prefix, key))


@pytest.mark.parametrize("instrument", ["phq-9", "audit-c", "audit-c@2", "aces", "swyc-bpsc", "swyc-posi"])
def test_corrupting_any_single_field_gives_errors_or_a_scorable_definition_never_a_crash(instrument):
    from nestling.screening.scoring import score
    from nestling.screening.scoring.definition import definition_from_dict

    original = raw(f"{instrument}.json" if "@" in instrument else f"{instrument}@1.json")
    for path in list(_paths(original))[1:]:
        for junk in GARBAGE:
            data = copy.deepcopy(original)
            parent = data
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = junk

            if validate_definition(data):
                continue
            definition = definition_from_dict(data)
            context = {f.key: f.values[0] for f in definition.context}
            score(definition, [0] * len(definition.items), context)


def test_the_scoring_engine_and_schedule_import_no_django():
    code = (
        "import sys, nestling.screening.scoring, nestling.screening.schedule;"
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")

    completed = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": src}, check=False)

    assert completed.returncode == 0


def test_every_band_label_of_the_library_is_listed_for_the_catalogues():
    # Given the band labels every shipped definition holds
    from nestling.screening.band_labels import BAND_LABELS

    held = {
        band.label
        for definition in default_library()
        for band in (*definition.bands.ranges, definition.bands.positive, definition.bands.negative)
        if band is not None
    }
    # Then each is listed where makemessages finds it, so that the pages can show it translated
    assert held - set(BAND_LABELS) == set()
