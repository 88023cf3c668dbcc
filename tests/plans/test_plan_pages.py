"""The care plan's pages: the plan with its goals by patient, closed goals and earlier versions; a goal with
its progress chart and table; the family page's panel and the History; the forms with bad input; the
sensitive motivation hidden; query counts that do not grow with the goals."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nestling.audit.models import AuditEvent
from nestling.plans.models import Goal, GoalProgress, ServiceType
from nestling.plans.services.goals import goal_close, goal_create, goal_progress_record, goal_update
from nestling.plans.services.plan import care_plan_close, plan_review_record
from tests.factories.families import RiskFactorFactory
from tests.factories.screening import ScreeningResultFactory
from tests.plans.conftest import days


def _goal(world, plan, about, statement="Synthetic: bath time together", **more):
    values = {
        "plan": plan,
        "by": world.practitioner,
        "about": about,
        "statement": statement,
        "progress_looks_like": "Synthetic: Rowan follows Wren's lead",
        "review_on": days(30),
        "responsible": world.practitioner,
        "motivation_note": "Synthetic: Rowan asked for it",
    }
    return goal_create(**(values | more))


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_plan_page_lists_goals_by_patient_closed_ones_too_and_what_they_said_before(
    world, household, plan, signed_in
):
    # Given goals for the mother, the baby and their relationship; one changed, one closed, one overdue
    mother = _goal(world, plan, household.mother, "Synthetic: Rowan sleeps five hours")
    baby = _goal(world, plan, household.baby, "Synthetic: Wren settles", review_on=days(1))
    pair = _goal(
        world,
        plan,
        household.pair,
        "Synthetic: play on the floor",
        services=[(ServiceType.objects.get(code="interaction_guidance"), "every week")],
    )
    goal_update(goal=pair, by=world.practitioner, version=1, statement="Synthetic: floor play every day")
    goal_close(goal=mother, by=world.practitioner, version=1, status="met", closed_on=days(0))
    Goal.objects.filter(pk=baby.pk).update(review_on=days(-2))
    goal_progress_record(goal=pair, by=world.practitioner, rated_on=days(-3), rating=4)
    # When the practitioner opens the plan
    response = signed_in(world.practitioner).get(
        reverse("care_plan", args=[household.family.uuid, plan.uuid])
    )
    page = _text(response)
    # Then each patient has their goals, the closed one listed as met, the overdue one flagged
    assert response.status_code == 200
    assert "Rowan Ash &amp; Wren Ash" in page and "Synthetic: floor play every day" in page
    assert "Closed goals" in page and "Synthetic: Rowan sleeps five hours</a> — Met" in page
    assert "Review overdue" in page
    assert "Interaction guidance (every week)" in page and "Much progress" in page
    # And the earlier versions say what the relationship goal said before
    assert "Earlier versions" in page and "Synthetic: play on the floor" in page


def test_a_goal_page_draws_its_progress_and_lists_every_rating(world, household, plan, signed_in):
    goal = _goal(world, plan, household.pair)
    goal_progress_record(
        goal=goal, by=world.practitioner, rated_on=days(-40), rating=1, note="Synthetic: tense"
    )
    goal_progress_record(
        goal=goal, by=world.practitioner, rated_on=days(-5), rating=3, note="Synthetic: laughing"
    )
    response = signed_in(world.practitioner).get(
        reverse("goal_detail", args=[household.family.uuid, goal.uuid])
    )
    page = _text(response)
    assert response.status_code == 200
    assert page.count("<circle") == 2 and 'role="img"' in page and "<polyline" in page
    assert "Synthetic: tense" in page and "3 · Some progress" in page
    assert "2 ratings of progress on this goal" in page


def test_the_family_page_shows_the_plan_goals_by_patient_and_latest_progress(
    world, household, plan, signed_in
):
    goal = _goal(world, plan, household.pair)
    goal_progress_record(goal=goal, by=world.practitioner, rated_on=days(-2), rating=2)
    page = _text(signed_in(world.practitioner).get(reverse("family_detail", args=[household.family.uuid])))
    assert "Care plan" in page and "Synthetic: bath time together" in page
    assert "Early steps" in page and "Open the plan" in page


def test_a_family_enrolled_without_a_plan_is_offered_one(world, household, signed_in):
    page = _text(signed_in(world.practitioner).get(reverse("family_detail", args=[household.family.uuid])))
    assert "Start a care plan" in page
    page = _text(signed_in(world.supervisor).get(reverse("family_detail", args=[household.family.uuid])))
    assert "Start a care plan" not in page and "No care plan yet" in page


def test_the_history_tells_the_plan_its_goals_progress_and_reviews(world, household, plan, signed_in):
    goal = _goal(world, plan, household.pair)
    goal_progress_record(goal=goal, by=world.practitioner, rated_on=days(-2), rating=2)
    goal_update(goal=goal, by=world.practitioner, version=1, review_on=days(20))
    plan_review_record(
        plan=plan,
        by=world.practitioner,
        version=1,
        reviewed_on=days(0),
        note="Synthetic: on track",
        next_review_on=days(80),
    )
    goal_close(goal=goal, by=world.practitioner, version=2, status="met", closed_on=days(0))
    page = _text(signed_in(world.practitioner).get(reverse("family_timeline", args=[household.family.uuid])))
    for said in (
        "Care plan started",
        "Goal set for Rowan Ash &amp; Wren Ash",
        "Progress rated early steps",
        "changed the goal Synthetic: bath time together (review by)",
        "Care plan reviewed: Synthetic: on track",
        "Goal closed (met)",
    ):
        assert said in page, said


# ---- A motivation in a sensitive category --------------------------------------------------------------


@pytest.fixture
def sensitive_goal(world, household, plan, grant):
    """A goal motivated by a substance-use factor, set by someone with the grant (the practitioner, whose
    grant is then withdrawn), and later motivated in words instead (so its history names the factor)."""
    factor = RiskFactorFactory(
        family=household.family, description="Synthetic: drinks to cope", sensitive_category="substance_use"
    )
    granted = grant(world.practitioner)
    goal = _goal(world, plan, household.mother, "Synthetic: a calmer evening", motivation=factor)
    granted.delete()
    return goal, factor


def test_without_the_grant_the_motivation_is_left_out_on_every_page(
    world, household, plan, sensitive_goal, signed_in
):
    goal, _factor = sensitive_goal
    client = signed_in(world.practitioner)
    for url in (
        reverse("care_plan", args=[household.family.uuid, plan.uuid]),
        reverse("goal_detail", args=[household.family.uuid, goal.uuid]),
        reverse("goal_edit", args=[household.family.uuid, goal.uuid]),
        reverse("goal_add", args=[household.family.uuid, plan.uuid]),
    ):
        page = _text(client.get(url))
        assert "drinks to cope" not in page, url
    plan_page = _text(client.get(reverse("care_plan", args=[household.family.uuid, plan.uuid])))
    assert "a category you have no grant for" in plan_page
    # And no read of the category was audited
    assert not AuditEvent.objects.filter(category="substance_use", action="read").exists()


def test_with_the_grant_the_motivation_is_shown_and_its_read_audited(
    world, household, plan, sensitive_goal, grant, signed_in
):
    goal, _factor = sensitive_goal
    grant(world.supervisor)
    page = _text(
        signed_in(world.supervisor).get(reverse("goal_detail", args=[household.family.uuid, goal.uuid]))
    )
    assert "drinks to cope" in page
    assert (
        AuditEvent.objects.filter(
            category="substance_use", action="read", actor_id=world.supervisor.pk
        ).count()
        == 1
    )


def test_the_earlier_versions_hide_a_sensitive_motivation_too(
    world, household, plan, sensitive_goal, grant, signed_in
):
    goal, _factor = sensitive_goal
    grant(world.practitioner)
    goal_update(
        goal=goal, by=world.practitioner, version=1, motivation=None, motivation_note="Synthetic: her words"
    )
    page = _text(
        signed_in(world.supervisor).get(reverse("care_plan", args=[household.family.uuid, plan.uuid]))
    )
    assert "Synthetic: her words" in page and "drinks to cope" not in page
    assert "a category you have no grant for" in page


def test_editing_a_goal_keeps_a_motivation_the_editor_may_not_see(
    world, household, plan, sensitive_goal, signed_in
):
    goal, factor = sensitive_goal
    client = signed_in(world.practitioner)
    url = reverse("goal_edit", args=[household.family.uuid, goal.uuid])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {"statement": "Synthetic: a calmer evening at home", "motivation": "keep"}
    data["review_on"] = data["review_on"].isoformat()
    response = client.post(url, data)
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.from_factor == factor and goal.statement == "Synthetic: a calmer evening at home"


# ---- Forms ---------------------------------------------------------------------------------------------


def _goal_post(household, world, **more):
    return {
        "client_id": "",
        "about": str(household.pair.uuid),
        "statement": "Synthetic: sing together at bath time",
        "progress_looks_like": "Synthetic: both smile",
        "responsible": str(world.practitioner.uuid),
        "review_on": days(30).isoformat(),
        "motivation": "",
        "motivation_note": "Synthetic: from the first visit",
        "service__interaction_guidance": "on",
        "frequency__interaction_guidance": "every week",
    } | more


def test_a_goal_set_through_the_form_plans_its_services(world, household, plan, signed_in):
    client = signed_in(world.practitioner)
    response = client.post(
        reverse("goal_add", args=[household.family.uuid, plan.uuid]), _goal_post(household, world)
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.subject.person == household.pair
    assert [p.words for p in goal.planned_services.all()] == ["Interaction guidance (every week)"]


def test_a_motivation_chosen_in_the_form_is_linked(world, household, plan, signed_in):
    result = ScreeningResultFactory(
        family=household.family, caregiver=household.mother, administered_by=world.practitioner, flags=[]
    )
    client = signed_in(world.practitioner)
    data = _goal_post(household, world, motivation=f"result:{result.uuid}", motivation_note="")
    assert client.post(reverse("goal_add", args=[household.family.uuid, plan.uuid]), data).status_code == 302
    assert Goal.objects.get().from_result == result


@pytest.mark.parametrize(
    ("more", "says"),
    [
        ({"review_on": days(-100).isoformat()}, "A review comes after the start"),
        ({"statement": ""}, "This field is required"),
        ({"motivation_note": ""}, "Say what led to this goal"),
        ({"about": "00000000-0000-0000-0000-000000000000"}, "Select a valid choice"),
        ({"progress_looks_like": "x" * 10_000}, "at most 2000 characters"),
    ],
)
def test_a_goal_form_with_bad_input_says_why_and_keeps_what_was_typed(
    world, household, plan, signed_in, more, says
):
    client = signed_in(world.practitioner)
    response = client.post(
        reverse("goal_add", args=[household.family.uuid, plan.uuid]), _goal_post(household, world, **more)
    )
    page = _text(response)
    assert response.status_code == 200 and says in page
    assert "every week" in page and not Goal.objects.exists()


def test_a_stale_goal_edit_shows_the_other_change_and_saves_nothing(world, household, plan, signed_in):
    goal = _goal(world, plan, household.pair)
    goal_update(goal=goal, by=world.practitioner, version=1, statement="Synthetic: someone else's words")
    client = signed_in(world.practitioner)
    data = _goal_post(household, world, version="1", statement="Synthetic: mine")
    response = client.post(reverse("goal_edit", args=[household.family.uuid, goal.uuid]), data)
    assert response.status_code == 409
    assert "What the other person changed" in _text(response)
    goal.refresh_from_db()
    assert goal.statement == "Synthetic: someone else's words"


def test_rating_progress_through_the_form_and_a_future_date_refused(world, household, plan, signed_in):
    goal = _goal(world, plan, household.pair)
    client = signed_in(world.practitioner)
    url = reverse("goal_progress_add", args=[household.family.uuid, goal.uuid])
    refused = client.post(url, {"client_id": "", "rated_on": days(3).isoformat(), "rating": "3", "note": ""})
    assert refused.status_code == 200 and "in the future" in _text(refused)
    done = client.post(
        url, {"client_id": "", "rated_on": days(0).isoformat(), "rating": "3", "note": "Synthetic"}
    )
    assert done.status_code == 302 and GoalProgress.objects.get().rating == 3


def test_a_plan_started_and_reviewed_through_the_forms(world, household, signed_in):
    client = signed_in(world.practitioner)
    response = client.post(
        reverse("plan_add", args=[household.family.uuid]),
        {
            "client_id": "",
            "started_on": days(0).isoformat(),
            "review_on": days(90).isoformat(),
            "summary": "Synthetic",
        },
    )
    assert response.status_code == 302
    plan = household.family.care_plans.get()
    url = reverse("plan_review_add", args=[household.family.uuid, plan.uuid])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "client_id": "",
            "version": "1",
            "reviewed_on": days(0).isoformat(),
            "note": "Synthetic: going well",
            "next_review_on": days(120).isoformat(),
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.review_on == days(120)


# ---- Query counts --------------------------------------------------------------------------------------


def _goals(world, household, plan, n: int) -> None:
    service = ServiceType.objects.get(code="emotional_support")
    result = ScreeningResultFactory(
        family=household.family, caregiver=household.mother, administered_by=world.practitioner, flags=[]
    )
    for i in range(n):
        goal = _goal(
            world,
            plan,
            [household.mother, household.baby, household.pair][i % 3],
            f"Synthetic goal {i}",
            services=[(service, "weekly")],
            motivation=result,
        )
        goal_progress_record(goal=goal, by=world.practitioner, rated_on=days(-10), rating=2)
        goal_progress_record(goal=goal, by=world.practitioner, rated_on=days(-2), rating=3)
        goal_update(
            goal=goal,
            by=world.practitioner,
            version=1,
            statement=f"Synthetic goal {i}, changed",
            motivation_note="Synthetic",
        )


@pytest.mark.parametrize("url_name", ["care_plan", "family_detail", "family_timeline"])
def test_page_queries_do_not_grow_with_the_goals(
    world, household, plan, signed_in, django_assert_max_num_queries, url_name
):
    client = signed_in(world.practitioner)

    def url():
        args = [household.family.uuid, plan.uuid] if url_name == "care_plan" else [household.family.uuid]
        return reverse(url_name, args=args)

    _goals(world, household, plan, 1)
    client.get(url())
    with CaptureQueriesContext(connection) as one:
        assert client.get(url()).status_code == 200
    _goals(world, household, plan, 6)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url()).status_code == 200


def test_the_goal_page_queries_do_not_grow_with_its_ratings(
    world, household, plan, signed_in, django_assert_max_num_queries
):
    goal = _goal(world, plan, household.pair)
    client = signed_in(world.practitioner)
    url = reverse("goal_detail", args=[household.family.uuid, goal.uuid])
    goal_progress_record(goal=goal, by=world.practitioner, rated_on=days(-10), rating=2)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(8):
        goal_progress_record(goal=goal, by=world.practitioner, rated_on=days(-9 + n), rating=1 + n % 5)
        goal_update(goal=goal, by=world.practitioner, version=goal.version + n, review_on=days(20 + n))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_closed_plan_of_an_earlier_episode_stays_readable_from_the_family_page(
    world, household, plan, signed_in
):
    _goal(world, plan, household.pair, "Synthetic: an earlier goal")
    care_plan_close(plan=plan, by=world.practitioner, version=plan.version, closed_on=days(0))
    client = signed_in(world.practitioner)
    page = _text(client.get(reverse("family_detail", args=[household.family.uuid])))
    assert "Earlier plans:" in page and reverse("care_plan", args=[household.family.uuid, plan.uuid]) in page
    plan_page = _text(client.get(reverse("care_plan", args=[household.family.uuid, plan.uuid])))
    assert "Synthetic: an earlier goal</a> — No longer pursued" in plan_page and "Add a goal" not in plan_page


def test_adding_a_goal_for_a_patient_from_the_plan_page_names_them(world, household, plan, signed_in):
    _goal(world, plan, household.baby, "Synthetic: Wren settles")
    client = signed_in(world.practitioner)
    page = _text(client.get(reverse("care_plan", args=[household.family.uuid, plan.uuid])))
    link = f"{reverse('goal_add', args=[household.family.uuid, plan.uuid])}?about={household.baby.uuid}"
    assert link in page and "Add a goal for Wren Ash" in page
    form = client.get(link).context["form"]
    assert form.initial["about"] == str(household.baby.uuid)
