"""The `nestling growth` command: one JSON object out, exit 2 with one line on bad input. No database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SRC = Path(__file__).resolve().parents[2] / "src"
BOY_1001_DAYS = ["--sex", "male", "--birth-date", "2020-01-01", "--date", "2022-09-28"]


def growth(*args: str) -> dict:
    out = StringIO()
    call_command("growth", *args, stdout=out)
    return json.loads(out.getvalue())


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as raised:
        call_command("growth", *args, stdout=StringIO())
    assert raised.value.returncode == 2
    message = str(raised.value)
    assert "\n" not in message
    return message


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "nestling.settings"}
    return subprocess.run(
        [sys.executable, "-m", "django", "growth", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_it_prints_one_json_object_with_every_measurement_given():
    # WHO Anthro README, row 1: boy, 1001 days, 18 kg, 120 cm → zwei 2.20, zlen 7.31, zbmi −3.01
    result = growth(*BOY_1001_DAYS, "--weight-kg", "18", "--height-cm", "120")

    # and zwfl −2.39 (weight-for-height)
    assert result.pop("weight_for_length") == {
        "value": 18.0,
        "z": -2.39,
        "centile": 0.8,
        "reference": "who",
        "against": "height",
        "against_cm": 120.0,
    }
    assert result == {
        "age_days": 1001,
        "corrected_age_days": 1001,
        "reference": "who",
        "weight": {"value": 18.0, "z": 2.2, "centile": 98.6},
        "height": {"value": 120.0, "z": 7.31, "centile": 100.0},
        "bmi": {"value": 12.5, "z": -3.01, "centile": 0.1},
    }


def test_it_reports_corrected_age_for_a_preterm_baby():
    result = growth(
        "--sex", "female", "--birth-date", "2024-01-01", "--date", "2024-04-01",
        "--weight-kg", "4.1", "--length-cm", "55", "--head-cm", "37",
        "--gestation-weeks", "32", "--gestation-days", "3",
    )  # fmt: skip

    assert result["age_days"] == 91
    assert result["corrected_age_days"] == 91 - (280 - 227)
    assert set(result) == {
        "age_days",
        "corrected_age_days",
        "reference",
        "weight",
        "height",
        "head_circumference",
        "bmi",
        "weight_for_length",
    }
    assert set(result["head_circumference"]) == {"value", "z", "centile"}


def test_it_leaves_out_bmi_without_both_weight_and_height():
    result = growth(*BOY_1001_DAYS, "--weight-kg", "18", "--reference", "uk-who")

    assert result["reference"] == "uk-who"
    assert set(result) == {"age_days", "corrected_age_days", "reference", "weight"}


def test_a_bmi_the_reference_lacks_at_this_age_has_null_z_and_centile():
    result = growth(
        "--sex", "female", "--birth-date", "2024-01-01", "--date", "2024-04-01",
        "--weight-kg", "4.1", "--length-cm", "55", "--reference", "cdc",
    )  # fmt: skip

    assert result["bmi"] == {"value": 13.55, "z": None, "centile": None}


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["--sex", "other", "--birth-date", "2024-01-01", "--date", "2024-02-01"], "Sex must be one of"),
        (
            ["--sex", "male", "--birth-date", "2024-01-01", "--date", "2023-12-31", "--weight-kg", "3"],
            "before the birth",
        ),
        (
            ["--sex", "male", "--birth-date", "2024-01-01", "--date", "2024-04-01", "--weight-kg", "40"],
            "SD from",
        ),
        (
            ["--sex", "male", "--birth-date", "2024-01-01", "--date", "2024-04-01", "--weight-kg", "4000"],
            "implausible",
        ),
        (
            ["--sex", "male", "--birth-date", "2024-01-01", "--date", "2024-04-01", "--head-cm", "5"],
            "implausible",
        ),
        (["--sex", "male", "--birth-date", "01/01/2024", "--date", "2024-04-01"], "YYYY-MM-DD"),
        (["--sex", "male", "--birth-date", "2024-02-30", "--date", "2024-04-01"], "not a real date"),
        (
            ["--sex", "male", "--birth-date", "2024-01-01", "--date", "2024-04-01", "--weight-kg", "heavy"],
            "number",
        ),
        (
            [
                "--sex",
                "male",
                "--birth-date",
                "2024-01-01",
                "--date",
                "2024-04-01",
                "--length-cm",
                "60",
                "--height-cm",
                "60",
            ],
            "not both",
        ),
        (
            ["--sex", "male", "--birth-date", "2024-01-01", "--date", "2024-04-01", "--reference", "fenton"],
            "Reference",
        ),
        (
            [
                "--sex",
                "male",
                "--birth-date",
                "2024-01-01",
                "--date",
                "2024-04-01",
                "--gestation-weeks",
                "19",
            ],
            "22 and 44",
        ),
        (
            ["--sex", "male", "--birth-date", "2024-01-01", "--date", "2024-04-01", "--gestation-days", "3"],
            "needs",
        ),
        (["--birth-date", "2024-01-01", "--date", "2024-04-01"], "--sex is required"),
        (["--sex", "male", "--date", "2024-04-01"], "--birth-date is required"),
        (
            [
                "--sex",
                "male",
                "--birth-date",
                "2024-01-01",
                "--date",
                "2024-02-01",
                "--weight-kg",
                "2",
                "--gestation-weeks",
                "30",
            ],
            "use UK-WHO",
        ),
    ],
)
def test_bad_input_exits_2_with_a_one_line_message(args, match):
    assert match in refused(*args)


def test_from_the_shell_bad_input_exits_2_with_one_line_and_no_traceback():
    completed = run_cli(
        "--sex", "male", "--birth-date", "2024-01-01", "--date", "2023-01-01", "--weight-kg", "3"
    )

    # rcpchgrowth's own messages must not reach stdout either (the command prints JSON there)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.strip().count("\n") == 0
    assert "before the birth date" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_from_the_shell_an_unknown_option_exits_2_without_a_traceback():
    completed = run_cli("--sex", "male", "--colour", "blue")

    assert completed.returncode == 2
    assert "unrecognized arguments: --colour blue" in completed.stderr
    assert "Traceback" not in completed.stderr
