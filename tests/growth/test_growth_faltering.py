"""NICE NG75 faltering-growth rules: each fires past its boundary and not at it. No database."""

from __future__ import annotations

import pytest

from nestling.growth.faltering import (
    SECOND_CENTILE_Z,
    WeightObservation,
    below_2nd_centile,
    birth_band,
    centile_fall,
    centile_words,
    early_weight_loss,
    faltering_findings,
    lines_crossed,
)

ON_50TH = 0.0
LINE_25TH, LINE_9TH, LINE_2ND = -2 / 3, -4 / 3, -2.0


def birth(z: float | None = ON_50TH, kg: float = 3.5) -> WeightObservation:
    return WeightObservation(age_days=0, kg=kg, z=z)


def later(z: float | None, kg: float = 5.0, age_days: int = 60) -> WeightObservation:
    return WeightObservation(age_days=age_days, kg=kg, z=z)


def test_the_2nd_centile_is_z_minus_2_054():
    assert round(SECOND_CENTILE_Z, 3) == -2.054


def test_a_weight_below_the_2nd_centile_fires_whatever_the_birth_weight():
    finding = below_2nd_centile(later(-2.06))

    assert finding is not None
    assert finding.rule == "below_2nd_centile"
    assert finding.message_id == "growth.faltering.below_2nd_centile"
    assert finding.params == {"centile": 2.0, "z": -2.06}
    assert "below the 2nd centile" in finding.text


def test_a_weight_on_the_2nd_centile_does_not_fire():
    assert below_2nd_centile(later(SECOND_CENTILE_Z)) is None
    assert below_2nd_centile(later(-2.05)) is None
    assert below_2nd_centile(later(None)) is None


def test_a_fall_from_the_50th_to_the_6th_centile_reads_in_plain_words():
    # given a birth weight on the 50th centile and a current weight on the 6th (z −1.555)
    finding = centile_fall(birth=birth(0.0), current=later(-1.555))

    # then the fall across two spaces fires, with the numbers as parameters and in the default text
    assert finding is not None
    assert finding.params == {
        "from_centile": 50.0,
        "to_centile": 6.0,
        "spaces": 2,
        "birth_band": "9th_to_91st",
        "threshold": 2,
    }
    assert finding.text == (
        "Weight has fallen from the 50th to the 6th centile, across 2 centile spaces; for a birth weight "
        "between the 9th and 91st centile, NICE NG75 advises assessment at 2 or more."
    )


def test_a_fall_onto_the_second_line_fires_for_a_mid_range_birth_weight():
    assert centile_fall(birth=birth(ON_50TH), current=later(LINE_9TH)) is not None


def test_a_fall_just_short_of_the_second_line_does_not_fire_for_a_mid_range_birth_weight():
    assert centile_fall(birth=birth(ON_50TH), current=later(LINE_9TH + 1e-9)) is None


def test_a_small_baby_fires_at_one_space():
    # born below the 9th line (z −1.5); one line crossed (the 2nd) fires
    small = birth(-1.5, kg=2.4)

    assert centile_fall(birth=small, current=later(LINE_2ND)) is not None
    assert centile_fall(birth=small, current=later(LINE_2ND + 1e-9)) is None


def test_a_large_baby_needs_three_spaces():
    # born above the 91st line (z 1.5); lines at 4/3, 2/3 and 0 must all be crossed
    large = birth(1.5, kg=4.4)

    assert centile_fall(birth=large, current=later(ON_50TH)) is not None
    assert centile_fall(birth=large, current=later(ON_50TH + 1e-9)) is None


def test_birth_weight_bands_include_their_chart_lines_in_the_middle_band():
    assert birth_band(LINE_9TH - 1e-9) == "below_9th"
    assert birth_band(LINE_9TH) == "9th_to_91st"
    assert birth_band(4 / 3) == "9th_to_91st"
    assert birth_band(4 / 3 + 1e-9) == "above_91st"


def test_only_lines_crossed_downwards_count():
    assert lines_crossed(from_z=0.1, to_z=-0.7) == 2
    assert lines_crossed(from_z=ON_50TH, to_z=LINE_25TH) == 1
    assert lines_crossed(from_z=-1.0, to_z=0.5) == 0
    assert lines_crossed(from_z=3.0, to_z=-3.0) == 9


def test_a_centile_fall_is_not_judged_in_the_first_two_weeks():
    # newborns lose weight and cross centiles normally in the first days
    assert centile_fall(birth=birth(ON_50TH), current=later(-2.0, age_days=13)) is None
    assert centile_fall(birth=birth(ON_50TH), current=later(-2.0, age_days=14)) is not None


def test_a_centile_fall_needs_a_birth_weight_z():
    # e.g. a preterm birth weight on WHO, which starts at term
    assert centile_fall(birth=birth(None), current=later(-2.0)) is None


def test_early_weight_loss_of_more_than_10_percent_fires():
    finding = early_weight_loss(birth=birth(kg=3.5), current=later(None, kg=3.149, age_days=5))

    assert finding is not None
    assert finding.params == {"percent": 10.0, "birth_kg": 3.5, "current_kg": 3.149, "age_days": 5}
    assert finding.text.startswith(
        "Weight has fallen 10.0% below birth weight (3.500 kg to 3.149 kg) at 5 days"
    )


def test_early_weight_loss_of_exactly_10_percent_does_not_fire():
    assert early_weight_loss(birth=birth(kg=3.5), current=later(None, kg=3.15, age_days=5)) is None
    assert early_weight_loss(birth=birth(kg=3.0), current=later(None, kg=2.7, age_days=5)) is None


def test_early_weight_loss_is_judged_only_in_the_first_28_days():
    assert early_weight_loss(birth=birth(kg=3.5), current=later(None, kg=3.0, age_days=28)) is not None
    assert early_weight_loss(birth=birth(kg=3.5), current=later(None, kg=3.0, age_days=29)) is None


def test_a_baby_growing_well_raises_no_findings():
    assert faltering_findings(birth=birth(0.2), current=later(0.1, kg=5.6)) == []


def test_every_rule_that_fires_is_reported():
    # born on the 50th at 3.5 kg; at 20 days 3.0 kg and below the 2nd centile
    findings = faltering_findings(birth=birth(ON_50TH, kg=3.5), current=later(-2.2, kg=3.0, age_days=20))

    assert [finding.rule for finding in findings] == [
        "below_2nd_centile",
        "centile_fall",
        "early_weight_loss",
    ]


@pytest.mark.parametrize(
    ("centile", "words"),
    [
        (50.0, "50th"),
        (1.2, "1st"),
        (2.0, "2nd"),
        (3.4, "3rd"),
        (11.0, "11th"),
        (0.4, "0.4th"),
        (99.6, "99.6th"),
    ],
)
def test_centiles_read_as_english_ordinals_in_the_default_text(centile, words):
    assert centile_words(centile) == words
