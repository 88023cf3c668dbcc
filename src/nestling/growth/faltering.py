"""Faltering-growth rules from NICE NG75 (2017), as plain functions over weights and their z-scores.

Each rule that fires returns a `Finding`: a stable rule id, a message id with its parameters for the UI
to translate, and a default English sentence with the numbers in it. Pure Python: no Django import.

The rules:
- ``below_2nd_centile``: current weight below the 2nd centile (z < −2.054), whatever the birth weight.
- ``centile_fall``: a fall across centile spaces judged against the birth-weight centile — 1 or more
  spaces if birth weight was below the 9th centile, 2 or more if between the 9th and 91st, 3 or more if
  above the 91st.
- ``early_weight_loss``: in the first weeks, a loss of more than 10% of birth weight.
- ``wasting`` (WHO, not NICE NG75): weight-for-length/height below −2 SD, severe below −3 SD — thin for
  the child's length whatever the age, where the other rules compare weight with age.

How centile spaces are counted. A centile space is the band between two adjacent lines of the UK-WHO
nine-centile chart (0.4th, 2nd, 9th, 25th, 50th, 75th, 91st, 98th, 99.6th), which are drawn exactly
2/3 SD apart (z = −8/3, −2, −4/3, −2/3, 0, 2/3, 4/3, 2, 8/3). We count the lines the weight has
crossed on the way down, as a clinician does on the paper chart: a line counts when the birth-weight z
was above it and the current z is on or below it. So a baby born exactly on the 50th line who is now
exactly on the 9th line has crossed two lines (25th and 9th) — two spaces; one who is a hair above the
9th line has crossed one. The birth-weight band uses the same chart lines: "below the 9th" means below
the 9th line (z < −4/3), "above the 91st" means above the 91st line (z > 4/3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Literal

RuleId = Literal["below_2nd_centile", "centile_fall", "early_weight_loss", "wasting"]
BirthBand = Literal["below_9th", "9th_to_91st", "above_91st"]

_NORMAL = NormalDist()

# The statistical 2nd centile (z = −2.0537), not the chart's 2nd line at −2 SD: NICE names the centile.
SECOND_CENTILE_Z = _NORMAL.inv_cdf(0.02)

# (label, z) of the UK-WHO chart lines, 2/3 SD apart
CHART_LINES: tuple[tuple[float, float], ...] = tuple(
    (label, step * 2 / 3)
    for label, step in zip((0.4, 2, 9, 25, 50, 75, 91, 98, 99.6), range(-4, 5), strict=True)
)
NINTH_LINE_Z = -4 / 3
NINETY_FIRST_LINE_Z = 4 / 3

SPACES_TO_FLAG: dict[BirthBand, int] = {"below_9th": 1, "9th_to_91st": 2, "above_91st": 3}
_BAND_WORDS: dict[BirthBand, str] = {
    "below_9th": "below the 9th centile",
    "9th_to_91st": "between the 9th and 91st centile",
    "above_91st": "above the 91st centile",
}

# Newborns normally lose weight in the first days and most regain birth weight by 3 weeks (NICE NG75).
# The UK-WHO chart draws no centile lines before 2 weeks for this reason, so a centile fall is judged
# from 2 weeks on; the >10% loss rule covers the neonatal period (first 28 days).
CENTILE_FALL_FROM_DAYS = 14
EARLY_WEIGHT_LOSS_UNTIL_DAYS = 28
EARLY_WEIGHT_LOSS_PERCENT = 10

# WHO's cut-offs for wasting on weight-for-length/height (WHO Child Growth Standards; WHO/UNICEF 2009).
WASTING_Z = -2.0
SEVERE_WASTING_Z = -3.0


@dataclass(frozen=True)
class WeightObservation:
    """A weight at an age, with its z-score on the program's reference (None where it has no data)."""

    age_days: int
    kg: float
    z: float | None


@dataclass(frozen=True)
class Finding:
    rule: RuleId
    message_id: str
    params: Mapping[str, int | float | str] = field(hash=False)
    text: str  # default English, for logs and for a UI without a translation


def faltering_findings(*, birth: WeightObservation, current: WeightObservation) -> list[Finding]:
    """Every NICE NG75 rule that fires for the current weight, judged against the birth weight."""
    findings = [
        below_2nd_centile(current),
        centile_fall(birth=birth, current=current),
        early_weight_loss(birth=birth, current=current),
    ]
    return [finding for finding in findings if finding is not None]


def below_2nd_centile(current: WeightObservation) -> Finding | None:
    if current.z is None or current.z >= SECOND_CENTILE_Z:
        return None
    centile = centile_for(current.z)
    return Finding(
        rule="below_2nd_centile",
        message_id="growth.faltering.below_2nd_centile",
        params={"centile": round(centile, 1), "z": round(current.z, 2)},
        text=(
            f"Weight is on the {centile_words(centile)} centile (z {current.z:.2f}), below the 2nd centile; "
            "NICE NG75 advises assessment whatever the birth weight."
        ),
    )


def centile_fall(*, birth: WeightObservation, current: WeightObservation) -> Finding | None:
    if birth.z is None or current.z is None or current.age_days < CENTILE_FALL_FROM_DAYS:
        return None
    crossed = lines_crossed(from_z=birth.z, to_z=current.z)
    band = birth_band(birth.z)
    threshold = SPACES_TO_FLAG[band]
    if crossed < threshold:
        return None
    from_centile, to_centile = centile_for(birth.z), centile_for(current.z)
    return Finding(
        rule="centile_fall",
        message_id="growth.faltering.centile_fall",
        params={
            "from_centile": round(from_centile, 1),
            "to_centile": round(to_centile, 1),
            "spaces": crossed,
            "birth_band": band,
            "threshold": threshold,
        },
        text=(
            f"Weight has fallen from the {centile_words(from_centile)} to the {centile_words(to_centile)} "
            f"centile, across {crossed} centile space{'s' if crossed != 1 else ''}; for a birth weight "
            f"{_BAND_WORDS[band]}, NICE NG75 advises assessment at {threshold} or more."
        ),
    )


def early_weight_loss(*, birth: WeightObservation, current: WeightObservation) -> Finding | None:
    if current.age_days > EARLY_WEIGHT_LOSS_UNTIL_DAYS:
        return None
    # whole grams, so a loss of exactly 10% is exactly 10% and does not fire
    birth_g, current_g = round(birth.kg * 1000), round(current.kg * 1000)
    lost_g = birth_g - current_g
    if birth_g <= 0 or lost_g * 100 <= EARLY_WEIGHT_LOSS_PERCENT * birth_g:
        return None
    percent = lost_g * 100 / birth_g
    return Finding(
        rule="early_weight_loss",
        message_id="growth.faltering.early_weight_loss",
        params={
            "percent": round(percent, 1),
            "birth_kg": birth.kg,
            "current_kg": current.kg,
            "age_days": current.age_days,
        },
        text=(
            f"Weight has fallen {percent:.1f}% below birth weight ({birth.kg:.3f} kg to {current.kg:.3f} kg) "
            f"at {current.age_days} days; NICE NG75 advises assessment when early weight loss is more than "
            f"{EARLY_WEIGHT_LOSS_PERCENT}%."
        ),
    )


def wasting(*, z: float | None, against: str) -> Finding | None:
    """Weight-for-length (or -height, `against`) below −2 SD: wasted; below −3 SD: severely wasted."""
    if z is None or z >= WASTING_Z:
        return None
    severe = z < SEVERE_WASTING_Z
    return Finding(
        rule="wasting",
        message_id="growth.faltering.wasting",
        params={"z": round(z, 2), "against": against, "severe": int(severe)},
        text=(
            f"Weight-for-{against} is {z:.2f} SD, below "
            f"{'−3 SD: severe wasting' if severe else '−2 SD: wasting'} by WHO's definition."
        ),
    )


def lines_crossed(*, from_z: float, to_z: float) -> int:
    """Chart lines the weight has gone down through: above a line before, on or below it now."""
    return sum(1 for _, line_z in CHART_LINES if to_z <= line_z < from_z)


def birth_band(birth_z: float) -> BirthBand:
    if birth_z < NINTH_LINE_Z:
        return "below_9th"
    if birth_z > NINETY_FIRST_LINE_Z:
        return "above_91st"
    return "9th_to_91st"


def centile_for(z: float) -> float:
    return _NORMAL.cdf(z) * 100


def centile_words(centile: float) -> str:
    """An English ordinal for the default text: 50th, 2nd, 0.4th, 99.6th."""
    whole = round(centile)
    if 1 <= whole <= 99:
        return _ordinal(str(whole))
    text = f"{centile:.1f}"
    if text == "0.0":
        return "<0.1st"
    if text == "100.0":
        return ">99.9th"
    return _ordinal(text)


def _ordinal(number: str) -> str:
    if number.endswith(("11", "12", "13")):
        return number + "th"
    return number + {"1": "st", "2": "nd", "3": "rd"}.get(number[-1], "th")
