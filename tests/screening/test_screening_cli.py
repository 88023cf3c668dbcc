"""The ``nestling score`` and ``nestling instruments`` commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

SRC = str(Path(__file__).resolve().parents[2] / "src")


def score_json(*args: str) -> dict:
    out = StringIO()
    call_command("score", *args, stdout=out)
    return json.loads(out.getvalue())


def test_score_prints_one_json_object_with_the_stable_keys():
    result = score_json("phq-9", "--answers", "1,1,1,1,1,1,1,1,1")

    assert result == {
        "instrument": "phq-9",
        "version": 1,
        "total": 9,
        "band": "mild",
        "positive": False,
        "flags": ["self_harm"],
        "subscales": {},
    }


def test_score_flags_self_harm_for_epds_item_10():
    result = score_json("epds", "--answers", "0,0,3,0,3,3,3,3,3,2")

    assert (result["total"], result["flags"]) == (1, ["self_harm"])


def test_score_passes_context_for_audit_c():
    assert score_json("audit-c", "--answers", "1,1,1", "--context", "sex=female")["positive"] is True
    assert score_json("audit-c", "--answers", "1,1,1", "--context", "sex=male")["positive"] is False


def test_score_leaves_an_empty_position_unanswered():
    result = score_json("gad-7", "--answers", "1,1,,1,1,1,1")

    assert (result["total"], result["band"], result["positive"]) == (None, None, None)


def test_score_reports_subscales_for_the_bpsc():
    result = score_json("swyc-bpsc", "--answers", "0,0,0,0,2,1,0,0,1,1,0,0")

    assert result["subscales"] == {"irritability": 0, "inflexibility": 3, "routines": 2}
    assert result["positive"] is True


def test_score_takes_several_positions_on_a_check_all_item():
    assert score_json("swyc-posi", "--answers", "2,0,4,1,0,0+3,1")["total"] == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["phq-9", "--answers", "1,1,1"], "takes 9-10 answers, got 3"),
        (["phq-9", "--answers", "1,1,1,1,1,1,1,1,4"], "item 9: position 4 is out of range 0-3"),
        (["phq-9", "--answers", "1,1,1,1,1,1,1,1,x"], "is not a position"),
        (["phq-9", "--answers", "1,1,1,1,1,1,1,1,-1"], "is not a position"),
        (["bdi-ii", "--answers", "1"], "unknown instrument 'bdi-ii'"),
        (["audit-c", "--answers", "1,1,1"], "audit-c needs context sex=female|male"),
        (["audit-c", "--answers", "1,1,1", "--context", "sex"], "must look like key=value"),
        (["phq-9", "--answers", "0,0,0,0,0,0,0,0,0", "--context", "sex=male"], "takes no context 'sex'"),
    ],
)
def test_score_refuses_bad_input_with_exit_status_2(args, message):
    with pytest.raises(CommandError) as caught:
        call_command("score", *args, stdout=StringIO())

    assert caught.value.returncode == 2
    assert message in str(caught.value)


def run_nestling(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC, "DJANGO_SETTINGS_MODULE": "nestling.settings"}
    return subprocess.run(
        [sys.executable, "-m", "django", *args], capture_output=True, text=True, env=env, check=False
    )


def test_score_exits_2_with_one_line_and_no_traceback_from_the_shell():
    completed = run_nestling("score", "phq-9", "--answers", "1,1")

    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.strip().count("\n") == 0
    assert "Traceback" not in completed.stderr
    assert "phq-9 takes 9-10 answers, got 2" in completed.stderr


def test_score_from_the_shell_prints_json():
    completed = run_nestling("score", "mchat-r", "--answers", ",".join(["0"] * 20))

    assert completed.returncode == 0
    assert json.loads(completed.stdout)["band"] == "moderate"


def test_instruments_list_shows_licence_status_and_wording():
    out = StringIO()
    call_command("instruments", "list", stdout=out)

    lines = {line.split()[0]: line for line in out.getvalue().splitlines()[1:]}
    assert "open" in lines["phq-9"] and "shipped" in lines["phq-9"]
    assert "restricted" in lines["epds"] and "scoring key only" in lines["epds"]


def test_instruments_validate_accepts_the_library():
    out = StringIO()
    call_command("instruments", "validate", stdout=out, stderr=StringIO())

    assert out.getvalue().count(": valid") >= 14


def test_instruments_validate_lists_every_error_in_a_broken_file(tmp_path: Path):
    broken = tmp_path / "phq-9@3.json"
    broken.write_text(json.dumps({"id": "phq-9", "version": 2, "items": []}), encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("instruments", "validate", str(broken), stdout=StringIO(), stderr=err)

    assert caught.value.returncode == 2
    report = err.getvalue()
    assert "file name: version 3" in report
    assert "items: must be a non-empty list" in report
    assert "licence: is required" in report
