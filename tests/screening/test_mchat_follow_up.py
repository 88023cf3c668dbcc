"""The M-CHAT-R/F as programs give it: a moderate M-CHAT-R asks for the Follow-Up interview, which is asked
only about the items found at risk (the rest count as pass), and giving it closes the M-CHAT-R's task."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from nestling.screening.follow_on import at_risk_numbers, source_for
from nestling.screening.models import ScreeningResult
from nestling.screening.services import screening_record
from nestling.tasks.models import Task
from tests.factories.families import ChildFactory

TODAY = datetime.date.today()
# Every item answered "Yes" (position 0): items 2, 5 and 12, where "Yes" is the at-risk answer, score.
MODERATE = [0] * 20


@pytest.fixture
def toddler(world):
    return ChildFactory(
        family=world.family_a, given_name="Ari", date_of_birth=TODAY - datetime.timedelta(days=610)
    )


def _record(world, child, instrument, answers, days_ago=0):
    return screening_record(
        family=world.family_a,
        subject=child,
        instrument_id=instrument,
        answers=answers,
        by=world.practitioner,
        administered_on=TODAY - datetime.timedelta(days=days_ago),
    )


def _form_url(world, child) -> str:
    return reverse(
        "screening_administer", args=[world.family_a.uuid, "child", child.uuid, "mchat-r-follow-up"]
    )


def test_a_moderate_mchat_r_asks_for_the_follow_up_about_its_items_at_risk(world, toddler):
    result = _record(world, toddler, "mchat-r", MODERATE)
    assert (result.total, result.band) == (3, "moderate")
    assert at_risk_numbers(result) == (2, 5, 12)
    task = Task.objects.get(result=result)
    assert task.text == "Give the M-CHAT-R Follow-Up (M-CHAT-R/F) about the items at risk (2, 5, 12)."


def test_the_follow_up_form_asks_only_the_items_found_at_risk(world, signed_in, toddler):
    _record(world, toddler, "mchat-r", MODERATE, days_ago=3)
    html = signed_in(world.practitioner).get(_form_url(world, toddler)).content.decode()
    assert 'data-testid="follow-on-of"' in html and "found at risk (2, 5, 12)" in html
    asked = [n for n in range(1, 21) if f'name="item_{n}"' in html]
    assert asked == [2, 5, 12]


def test_two_items_still_failing_refer_and_close_the_mchat_r_task(world, signed_in, toddler):
    first = _record(world, toddler, "mchat-r", MODERATE, days_ago=3)
    client = signed_in(world.practitioner)
    # When the interview fails items 2 and 5 and passes item 12 (Pass is position 0, Fail position 1)
    data = {
        "item_2": "1",
        "item_5": "1",
        "item_12": "0",
        "administered_on": TODAY.isoformat(),
        "client_id": "",
    }
    response = client.post(_form_url(world, toddler), data)
    assert response.status_code == 302
    # Then the Follow-Up is positive: refer, the items not asked counted as pass
    follow_up = ScreeningResult.objects.get(instrument="mchat-r-follow-up")
    assert (follow_up.total, follow_up.band, follow_up.positive) == (2, "positive", True)
    # And the M-CHAT-R's task is closed by it, saying how it came out; the Follow-Up raised its own task
    task = Task.objects.get(result=first)
    assert task.outcome == "follow_on_given" and task.done_by == world.practitioner
    assert "Screen positive: refer" in task.outcome_note
    assert Task.objects.get(result=follow_up).is_open
    # And the M-CHAT-R result no longer offers the Follow-Up
    page = client.get(reverse("screening_result", args=[world.family_a.uuid, first.uuid])).content.decode()
    assert "Give the M-CHAT-R Follow-Up" not in page


def test_the_mchat_r_result_offers_the_follow_up_until_it_is_given(world, signed_in, toddler):
    first = _record(world, toddler, "mchat-r", MODERATE)
    url = reverse("screening_result", args=[world.family_a.uuid, first.uuid])
    assert _form_url(world, toddler) in signed_in(world.practitioner).get(url).content.decode()
    # A supervisor, who does not give screens, is not offered it
    assert _form_url(world, toddler) not in signed_in(world.supervisor).get(url).content.decode()


def test_without_an_mchat_r_asking_for_it_the_follow_up_asks_every_item(world, signed_in, toddler):
    no_risk = [1 if n in (2, 5, 12) else 0 for n in range(1, 21)]
    assert _record(world, toddler, "mchat-r", no_risk, days_ago=2).band == "low"
    html = signed_in(world.practitioner).get(_form_url(world, toddler)).content.decode()
    assert 'data-testid="follow-on-of"' not in html
    assert all(f'name="item_{n}"' in html for n in range(1, 21))


def test_a_high_risk_mchat_r_refers_without_the_follow_up(world, toddler):
    result = _record(world, toddler, "mchat-r", [1] * 20)  # "No" everywhere: 17 at risk
    assert result.band == "high"
    assert "consider a referral" in Task.objects.get(result=result).text


def _result(instrument, band, days_ago):
    return ScreeningResult(
        instrument=instrument, band=band, administered_on=TODAY - datetime.timedelta(days=days_ago)
    )


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([("mchat-r", "moderate", 5)], 0),
        ([("mchat-r", "low", 5), ("mchat-r", "moderate", 40)], None),  # the latest M-CHAT-R is low
        ([("mchat-r-follow-up", "negative", 1), ("mchat-r", "moderate", 5)], None),  # already given
        ([("mchat-r", "moderate", 61)], None),  # outside the 60-day window
        ([("phq-9", "mild", 1), ("mchat-r", "moderate", 10)], 1),
    ],
)
def test_which_earlier_screen_a_follow_up_answers(history, expected):
    results = [_result(*row) for row in history]
    found = source_for("mchat-r-follow-up", results, TODAY)
    assert found is (None if expected is None else results[expected])


def test_a_key_that_scores_blanks_as_0_offers_no_stopped_early_box(world, signed_in, toddler):
    # The Follow-Up (like the SWYC forms) counts a blank as 0, so an unfinished sheet is never "unscored"
    html = signed_in(world.practitioner).get(_form_url(world, toddler)).content.decode()
    assert 'name="stopped_early"' not in html
