"""Properties every shipped definition keeps, checked with hypothesis over random answer sheets."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from nestling.screening.scoring import Answer, Definition, default_library, flagged_items, score
from nestling.screening.scoring.definition import Item

library = default_library()
DEFINITIONS = library.latest()


def context_for(definition: Definition) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({f.key: st.sampled_from(f.values) for f in definition.context})


def answer_for(item: Item) -> st.SearchStrategy[Answer]:
    positions = st.integers(min_value=0, max_value=len(item.options) - 1)
    if item.select == "multiple":
        return st.lists(positions, min_size=1, max_size=len(item.options), unique=True).map(tuple)
    return positions


def complete_answers(definition: Definition) -> st.SearchStrategy[list[Answer]]:
    return st.tuples(*(answer_for(item) for item in definition.items)).map(list)


@st.composite
def scored_sheet(draw: st.DrawFn) -> tuple[Definition, list[Answer], dict[str, str]]:
    definition = draw(st.sampled_from(DEFINITIONS))
    return definition, draw(complete_answers(definition)), draw(context_for(definition))


@settings(max_examples=400)
@given(scored_sheet())
def test_totals_stay_within_the_range_the_key_allows(sheet):
    definition, answers, context = sheet

    result = score(definition, answers, context)

    low, high = definition.total_range()
    assert result.total is not None
    assert low <= result.total <= high
    assert result.band is not None


@settings(max_examples=400)
@given(scored_sheet())
def test_each_item_scores_exactly_the_score_printed_in_the_key(sheet):
    definition, answers, context = sheet

    result = score(definition, answers, context)

    for item, answer, item_score in zip(definition.items, answers, result.item_scores, strict=True):
        chosen = answer if isinstance(answer, tuple) else (answer,)
        assert item_score == max(item.options[p].score for p in chosen if p is not None)


@given(st.lists(st.integers(min_value=0, max_value=3), min_size=10, max_size=10))
def test_epds_reverse_scoring_is_exact(positions):
    result = score(library.get("epds"), positions)

    for number, (position, item_score) in enumerate(zip(positions, result.item_scores, strict=True), 1):
        expected = position if number in (1, 2, 4) else 3 - position
        assert item_score == expected
    assert result.total == sum(result.item_scores)  # type: ignore[arg-type]


@st.composite
def sheet_and_raised_item(draw: st.DrawFn):
    definition, answers, context = draw(scored_sheet())
    index = draw(st.sampled_from([i for i, item in enumerate(definition.items) if item.scored]))
    item = definition.items[index]
    current = answers[index]
    current_score = max(
        item.options[p].score for p in (current if isinstance(current, tuple) else (current,))
    )
    higher = [p for p, option in enumerate(item.options) if option.score > current_score]
    raised = list(answers)
    if higher:
        raised[index] = draw(st.sampled_from(higher))
    return definition, answers, raised, context


@settings(max_examples=400)
@given(sheet_and_raised_item())
def test_raising_an_answer_never_lowers_the_total_or_clears_positivity(case):
    definition, answers, raised, context = case

    before = score(definition, answers, context)
    after = score(definition, raised, context)

    assert after.total is not None and before.total is not None
    assert after.total >= before.total
    assert not (before.positive and not after.positive)
    assert set(before.flags) <= set(after.flags)


@settings(max_examples=200)
@given(scored_sheet(), st.data())
def test_safety_flags_depend_only_on_their_own_items(sheet, data):
    definition, answers, context = sheet
    flagged = [i for i, item in enumerate(definition.items) if item.flags]
    if not flagged:
        return
    blanked = [a if i in flagged else None for i, a in enumerate(answers)]

    assert score(definition, blanked, context).flags == score(definition, answers, context).flags


@settings(max_examples=200)
@given(scored_sheet(), st.data())
def test_a_partial_sheet_names_the_safety_items_that_raise_the_flags_a_full_one_would(sheet, data):
    # Given a full sheet, and the same sheet with any other questions left blank
    definition, answers, context = sheet
    kept = data.draw(st.sets(st.integers(min_value=0, max_value=len(answers) - 1)))
    partial = [a if i in kept or definition.items[i].flags else None for i, a in enumerate(answers)]
    # Then the items named on the partial sheet are the flagged items of the full one
    numbers = flagged_items(definition, partial)
    by_number = {item.number: item for item in definition.items}
    named = {flag.id for n in numbers for flag in by_number[n].flags}
    assert named == set(score(definition, answers, context).flags)


@settings(max_examples=300)
@given(complete_answers(library.get("audit-c@1")), context_for(library.get("audit-c@1")))
def test_a_fully_answered_auditc_scores_the_same_on_version_1_and_2(answers, context):
    first, second = library.get("audit-c@1"), library.get("audit-c@2")

    assert score(first, answers, context) == dataclasses.replace(score(second, answers, context), version=1)


@settings(max_examples=300)
@given(st.data())
def test_a_skip_followed_scores_the_skipped_items_as_the_key_says_and_leaves_nothing_missing(data):
    definition = data.draw(st.sampled_from([d for d in DEFINITIONS if d.skips]))
    rule = data.draw(st.sampled_from(definition.skips))
    answers = data.draw(complete_answers(definition))
    trigger = definition.item(rule.when_item)
    answers[definition.items.index(trigger)] = data.draw(
        st.sampled_from([n for n, o in enumerate(trigger.options) if o.score in rule.when_scores])
    )
    for item_id in rule.items:
        answers[definition.items.index(definition.item(item_id))] = None

    result = score(definition, answers, data.draw(context_for(definition)))

    assert result.missing == ()
    assert set(rule.items) <= set(result.skipped)
    assert result.total is not None
    for item, item_score in zip(definition.items, result.item_scores, strict=True):
        if item.id in rule.items:
            assert item_score == rule.score_as
