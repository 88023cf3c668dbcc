"""`nestling growth`: z-scores and centiles for one set of measurements, printed as one JSON object.

A stable interface (issue 5). Every option is read as text and checked here, so any bad input ends with
exit status 2 and a one-line message rather than a usage dump or a traceback.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nestling.families.age import AgeError, Gestation
from nestling.growth.calc import (
    DEFAULT_REFERENCE,
    REFERENCES,
    SEXES,
    Child,
    GrowthError,
    GrowthResult,
    assess_visit,
    check_reference,
    check_sex,
)

BAD_INPUT = 2
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Command(BaseCommand):
    help = "Print z-scores and centiles for a child's measurements as one JSON object."
    requires_system_checks: list[str] = []  # a pure calculation: no models, no database

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sex", metavar="|".join(SEXES))
        parser.add_argument("--birth-date", metavar="YYYY-MM-DD")
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="the date of the measurements")
        parser.add_argument("--weight-kg", metavar="X")
        parser.add_argument("--length-cm", metavar="X", help="lying length")
        parser.add_argument("--height-cm", metavar="X", help="standing height")
        parser.add_argument("--head-cm", metavar="X", help="head circumference")
        parser.add_argument("--gestation-weeks", metavar="W", help="gestation at birth, weeks")
        parser.add_argument("--gestation-days", metavar="D", help="gestation at birth, extra days (0-6)")
        parser.add_argument("--reference", metavar="|".join(REFERENCES), default=DEFAULT_REFERENCE)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            visit = _assess(options)
        except (AgeError, GrowthError) as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from error
        self.stdout.write(json.dumps(visit, ensure_ascii=False))


def _assess(options: dict[str, Any]) -> dict[str, Any]:
    if options["sex"] is None:
        raise CommandError("--sex is required (female or male).", returncode=BAD_INPUT)
    sex = check_sex(options["sex"])
    reference = check_reference(options["reference"])
    birth_date = _date(options["birth_date"], "--birth-date")
    on = _date(options["date"], "--date")
    child = Child(sex=sex, birth_date=birth_date, gestation=_gestation(options))
    measurements = {
        "weight_kg": _number(options["weight_kg"], "--weight-kg"),
        "length_cm": _number(options["length_cm"], "--length-cm"),
        "height_cm": _number(options["height_cm"], "--height-cm"),
        "head_cm": _number(options["head_cm"], "--head-cm"),
    }
    visit = assess_visit(child, on=on, reference=reference, **measurements)
    output: dict[str, Any] = {
        "age_days": visit.age_days,
        "corrected_age_days": visit.corrected_age_days,
        "reference": visit.reference,
    }
    for name, result in (
        ("weight", visit.weight),
        ("height", visit.height),
        ("head_circumference", visit.head_circumference),
        ("bmi", visit.bmi),
        ("weight_for_length", visit.weight_for_length),
    ):
        if result is not None:
            output[name] = _result_json(result)
    if visit.weight_for_length is not None:
        # WHO's weight-for-length before 24 months, weight-for-height after, whatever --reference says
        output["weight_for_length"] |= {
            "reference": "who",
            "against": visit.weight_for_length.against,
            "against_cm": visit.weight_for_length.against_cm,
        }
        if visit.weight_for_length.note:
            output["weight_for_length"]["note"] = visit.weight_for_length.note
    return output


def _result_json(result: GrowthResult) -> dict[str, Any]:
    # two decimals for z as WHO Anthro reports it; BMI is derived, so it is rounded too
    return {
        "value": round(result.value, 2) if result.method == "bmi" else result.value,
        "z": None if result.z is None else round(result.z, 2),
        "centile": None if result.centile is None else round(result.centile, 1),
    }


def _date(value: str | None, flag: str) -> date:
    if value is None:
        raise CommandError(f"{flag} is required (YYYY-MM-DD).", returncode=BAD_INPUT)
    if not _ISO_DATE.fullmatch(value):
        raise CommandError(f"{flag} must be a date as YYYY-MM-DD, not {value!r}.", returncode=BAD_INPUT)
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{flag} is not a real date: {value!r}.", returncode=BAD_INPUT) from error


def _number(value: str | None, flag: str) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError as error:
        raise CommandError(f"{flag} must be a number, not {value!r}.", returncode=BAD_INPUT) from error
    if not math.isfinite(number):
        raise CommandError(f"{flag} must be a number, not {value!r}.", returncode=BAD_INPUT)
    return number


def _whole_number(value: str, flag: str) -> int:
    if not value.isdigit():
        raise CommandError(f"{flag} must be a whole number, not {value!r}.", returncode=BAD_INPUT)
    return int(value)


def _gestation(options: dict[str, Any]) -> Gestation | None:
    weeks, days = options["gestation_weeks"], options["gestation_days"]
    if weeks is None:
        if days is not None:
            raise CommandError("--gestation-days needs --gestation-weeks.", returncode=BAD_INPUT)
        return None
    return Gestation.at_birth(
        _whole_number(weeks, "--gestation-weeks"),
        0 if days is None else _whole_number(days, "--gestation-days"),
    )
