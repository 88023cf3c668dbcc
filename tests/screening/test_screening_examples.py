"""Published worked examples, scored by hand from each instrument's key and then by the engine."""

from __future__ import annotations

import pytest

from nestling.screening.scoring import ScoringError, default_library, score

library = default_library()


def run(instrument: str, answers: list, context: dict[str, str] | None = None):
    return score(library.get(instrument), answers, context)


# PHQ-9: positions are Not at all / Several days / More than half the days / Nearly every day.


def test_phq9_all_several_days_is_9_mild_and_flags_item_9():
    result = run("phq-9", [1] * 9)

    assert (result.total, result.band, result.positive) == (9, "mild", False)
    assert result.flags == ("self_harm",)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands_follow_the_published_cut_offs(total, band):
    answers = [3] * (total // 3) + ([total % 3] if total % 3 else [])
    answers += [0] * (9 - len(answers))

    result = run("phq-9", answers)

    assert result.total == total
    assert result.band == band
    assert result.positive is (total >= 10)


def test_phq9_without_item_9_has_no_safety_flag():
    assert run("phq-9", [3, 3, 3, 3, 3, 3, 3, 3, 0]).flags == ()


def test_phq9_accepts_the_unscored_difficulty_question_without_counting_it():
    with_difficulty = run("phq-9", [1] * 9 + [3])

    assert with_difficulty.total == 9


def test_phq9_safety_flag_fires_even_when_the_form_is_incomplete():
    result = run("phq-9", [None] * 8 + [2])

    assert result.total is None
    assert result.band is None
    assert result.flags == ("self_harm",)
    assert len(result.missing) == 8


def test_phq2_of_3_is_positive_and_2_is_not():
    assert run("phq-2", [1, 2]).positive is True
    assert run("phq-2", [1, 1]).positive is False


def test_gad7_bands_are_minimal_mild_moderate_severe():
    assert run("gad-7", [0] * 7).band == "minimal"
    assert run("gad-7", [1] * 7).band == "mild"  # 7
    assert run("gad-7", [2] * 5 + [0, 0]).band == "moderate"  # 10
    assert run("gad-7", [3] * 5 + [0, 0]).band == "severe"  # 15
    assert run("gad-7", [3] * 7).total == 21


def test_gad2_cut_off_is_3():
    assert run("gad-2", [3, 0]).positive is True
    assert run("gad-2", [1, 1]).positive is False


# AUDIT-C: printed options top to bottom score 0-4.


def test_auditc_total_3_is_positive_for_a_woman():
    result = run("audit-c", [1, 1, 1], {"sex": "female"})

    assert (result.total, result.positive, result.band) == (3, True, "positive")


def test_auditc_total_3_is_negative_for_a_man_and_4_is_positive():
    assert run("audit-c", [1, 1, 1], {"sex": "male"}).positive is False
    assert run("audit-c", [2, 1, 1], {"sex": "male"}).positive is True


@pytest.mark.parametrize("sex", ["female", "male"])
def test_auditc_never_drinking_with_questions_2_and_3_skipped_as_the_form_says_scores_0_negative(sex):
    # The published form: "Never" to question 1 skips questions 2 and 3, which score 0.
    result = run("audit-c", [0, None, None], {"sex": sex})

    assert (result.total, result.positive, result.band) == (0, False, "negative")
    assert result.skipped == ("2", "3") and result.missing == ()


def test_auditc_questions_2_and_3_are_still_needed_when_question_1_is_not_never():
    result = run("audit-c", [1, None, None], {"sex": "female"})

    assert result.total is None and result.missing == ("2", "3")


def test_auditc_an_answer_given_to_a_skipped_question_is_scored_as_given():
    assert run("audit-c", [0, 1, 2], {"sex": "female"}).total == 3


def test_auditc_version_1_scores_exactly_as_before_without_a_skip():
    first = library.get("audit-c@1")

    assert score(first, [0, None, None], {"sex": "female"}).total is None
    assert score(first, [1, 1, 1], {"sex": "female"}).total == 3


def test_new_auditc_screens_use_the_version_with_the_skip():
    assert library.get("audit-c").version == 2


def test_auditc_refuses_to_score_without_sex():
    with pytest.raises(ScoringError, match="sex"):
        run("audit-c", [1, 1, 1])


def test_auditc_refuses_an_unknown_sex_value():
    with pytest.raises(ScoringError, match="not one of"):
        run("audit-c", [1, 1, 1], {"sex": "other"})


# Hunger Vital Sign: Often true / Sometimes true / Never true.


def test_hunger_vital_sign_is_at_risk_when_either_statement_is_sometimes_true():
    assert run("hunger-vital-sign", [2, 1]).positive is True
    assert run("hunger-vital-sign", [0, 2]).positive is True


def test_hunger_vital_sign_is_not_at_risk_when_both_are_never_true():
    result = run("hunger-vital-sign", [2, 2])

    assert (result.total, result.positive, result.band) == (0, False, "negative")


def test_whooley_is_positive_on_either_yes():
    assert run("whooley", [0, 1]).positive is True
    assert run("whooley", [1, 1]).positive is False
    assert run("whooley", [1, 1, 2]).positive is False  # the help question is not scored


def test_aces_count_categories_not_questions():
    # Yes to both substance questions and "more than once" to all three sexual abuse questions:
    # two categories, not five.
    answers = [1, 0, 0, 1, 1, 0, 0, 0, 2, 2, 2]

    result = run("aces", answers)

    assert result.total == 2
    assert result.subscales["household_substance_use"] == 1
    assert result.subscales["sexual_abuse"] == 1
    assert result.band == "some"


def test_aces_parents_not_married_does_not_count_as_separation():
    assert run("aces", [1, 1, 1, 1, 2, 0, 0, 0, 0, 0, 0]).total == 0


def test_aces_four_categories_is_high():
    result = run("aces", [0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0])

    assert (result.total, result.band, result.positive) == (4, "high", True)


# EPDS: items 1, 2 and 4 score 0-3 top to bottom; items 3 and 5-10 score 3-0.


def test_epds_reverses_items_3_and_5_to_10():
    result = run("epds", [0] * 10)

    assert result.item_scores == (0, 0, 3, 0, 3, 3, 3, 3, 3, 3)
    assert result.total == 21


def test_epds_all_last_options_total_9_and_flags_nothing():
    # Items 1, 2, 4 score 3 each; every reversed item scores 0 — including item 10.
    result = run("epds", [3] * 10)

    assert (result.total, result.band, result.positive) == (9, "low", False)
    assert result.flags == ()


def test_epds_item_10_above_zero_raises_self_harm():
    answers = [0, 0, 3, 0, 3, 3, 3, 3, 3, 2]  # item 10 "hardly ever" scores 1

    result = run("epds", answers)

    assert result.total == 1
    assert result.flags == ("self_harm",)


@pytest.mark.parametrize(
    ("total", "band"), [(9, "low"), (10, "possible"), (12, "possible"), (13, "probable")]
)
def test_epds_bands_split_at_10_and_13(total, band):
    # Start from the all-zero form and raise items 1, 2 and 4 first, then the reversed items.
    answers = [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]
    remaining = total
    for index in (0, 1, 3, 2, 4, 5, 6, 7, 8):
        step = min(3, remaining)
        answers[index] = step if index in (0, 1, 3) else 3 - step
        remaining -= step

    assert run("epds", answers).band == band


# HITS: Never 1 ... Frequently 5; positive above 10.


def test_hits_all_never_is_the_minimum_4():
    assert run("hits", [0, 0, 0, 0]).total == 4


def test_hits_11_is_positive_and_10_is_not():
    assert run("hits", [2, 2, 2, 1]).total == 11
    assert run("hits", [2, 2, 2, 1]).positive is True
    assert run("hits", [2, 2, 1, 1]).positive is False


# M-CHAT-R: Yes / No; "No" is at risk except items 2, 5 and 12.


def test_mchat_all_typical_answers_score_zero():
    typical = [1 if n in (2, 5, 12) else 0 for n in range(1, 21)]

    result = run("mchat-r", typical)

    assert (result.total, result.band, result.action) == (0, "low", None)


def test_mchat_items_2_5_12_are_at_risk_on_yes():
    all_yes = run("mchat-r", [0] * 20)

    assert all_yes.total == 3
    assert [n for n, s in enumerate(all_yes.item_scores, start=1) if s] == [2, 5, 12]
    assert (all_yes.band, all_yes.action, all_yes.positive) == ("moderate", "follow_up", True)


def test_mchat_8_or_more_refers_without_follow_up():
    all_no = run("mchat-r", [1] * 20)

    assert all_no.total == 17
    assert (all_no.band, all_no.action) == ("high", "refer")


def test_mchat_follow_up_is_positive_when_two_items_still_fail():
    one_fail = [None] * 20
    one_fail[0] = 1
    two_fail = list(one_fail)
    two_fail[4] = 1

    assert run("mchat-r-follow-up", one_fail).positive is False
    assert run("mchat-r-follow-up", two_fail).band == "positive"


# SWYC: Not at all / Somewhat / Very much score 0, 1, 2; missing items count as zero.


def test_bpsc_any_subscale_of_3_is_at_risk():
    result = run("swyc-bpsc", [0, 0, 0, 0, 2, 1, 0, 0, 1, 1, 0, 0])

    assert result.subscales == {"irritability": 0, "inflexibility": 3, "routines": 2}
    assert result.positive is True


def test_bpsc_total_of_6_spread_thinly_is_not_at_risk():
    result = run("swyc-bpsc", [1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0])

    assert result.total == 6
    assert result.positive is False


def test_bpsc_counts_missing_items_as_zero():
    result = run("swyc-bpsc", [2, 1, None, None] + [None] * 8)

    assert result.total == 3
    assert result.positive is True


def test_ppsc_9_is_positive_and_8_is_not():
    assert run("swyc-ppsc", [1] * 9 + [0] * 9).positive is True
    assert run("swyc-ppsc", [1] * 8 + [0] * 10).positive is False


def test_posi_counts_items_answered_in_the_three_right_hand_columns():
    result = run("swyc-posi", [2, 0, 4, 1, 3, (0, 1), (1,)])

    assert result.total == 3
    assert result.positive is True


def test_posi_check_all_item_counts_once_however_many_risk_boxes_are_ticked():
    result = run("swyc-posi", [0, 0, 0, 0, 0, (2, 3, 4), (0,)])

    assert result.total == 1
