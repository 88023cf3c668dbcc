"""A discharge, through its service: what it closes, what it keeps, what it refuses, and that it is all one
transaction."""

from __future__ import annotations

import pytest

from nestling.access.denials import AccessDenied
from nestling.audit.models import AuditAction, AuditEvent
from nestling.families import contributions
from nestling.families.contributions import DischargeContributor, OpenItem
from nestling.families.models import DischargeItem, Enrollment
from nestling.families.services.discharge import Decision, discharge_plan, discharge_sections
from nestling.families.services.enrollment import enrollment_update
from nestling.plans.services.plan import care_plan_create
from nestling.records.errors import AlreadyClosed, RecordInvalid, StaleEdit
from nestling.records.models import RecordChange
from nestling.tasks.models import Task
from nestling.tasks.services import task_close
from nestling.visits.models import Visit
from tests.discharge.conftest import DAY, SUMMARY, TODAY, discharge, keep_all, make_visit, open_family
from tests.factories.plans import GoalFactory
from tests.factories.screening import FollowUpTaskFactory, ScreeningResultFactory


def _state(subject) -> tuple:
    """What a refused discharge must leave as it was."""
    subject.task.refresh_from_db()
    subject.visit.refresh_from_db()
    subject.enrollment.refresh_from_db()
    return (
        subject.task.done_at,
        subject.task.version,
        subject.visit.status,
        subject.visit.version,
        subject.enrollment.discharged_on,
        subject.enrollment.version,
        DischargeItem.objects.count(),
        RecordChange.objects.count(),
    )


def _alcohol_follow_up(subject, practitioner) -> Task:
    """A follow-up of a positive AUDIT-C: substance use, which the practitioner holds no grant for."""
    result = ScreeningResultFactory(
        family=subject.family,
        caregiver=subject.mother,
        administered_by=practitioner,
        instrument="audit-c",
        definition="audit-c@1",
        answers=[2, 2, 1],
        total=5,
        band="positive",
        positive=True,
        flags=[],
        context={"sex": "female"},
    )
    return FollowUpTaskFactory(result=result, text="Talk over the AUDIT-C result", assignee=practitioner)


# What is closed and what is kept


def test_a_discharge_closes_the_chosen_task_with_the_reason_and_records_the_episode(world, open_a):
    # Given a family with an open follow-up, a visit next week and a screen overdue
    decisions = keep_all(open_a) | {open_a.task_key: Decision(close=True, reason="Linked with her GP")}
    # When the practitioner discharges, closing the task and keeping the rest
    episode = discharge(open_a, world.practitioner, decisions, reason="moved")
    # Then the task is closed as "the family was discharged", with the reason as its note
    open_a.task.refresh_from_db()
    assert open_a.task.outcome == "family_discharged"
    assert open_a.task.outcome_note == "Linked with her GP"
    assert open_a.task.done_by == world.practitioner
    # And the episode is discharged with its date, reason and summary, versioned and audited
    assert (episode.discharged_on, episode.discharge_reason, episode.discharge_note) == (
        TODAY,
        "moved",
        SUMMARY,
    )
    assert episode.version == 2
    audit = AuditEvent.objects.filter(action=AuditAction.CHANGE, subject_id=str(episode.uuid)).get()
    assert audit.detail["discharge"]["closed"] == [open_a.task_key]
    assert set(audit.detail["discharge"]["kept"]) == {open_a.visit_key, open_a.screen_key}
    # And what was decided for each item is kept with the episode
    decided = {
        item.key: (item.closed, item.reason) for item in DischargeItem.objects.filter(enrollment=episode)
    }
    assert decided == {
        open_a.task_key: (True, "Linked with her GP"),
        open_a.visit_key: (False, ""),
        open_a.screen_key: (False, ""),
    }


def test_a_kept_task_stays_open_and_a_closed_one_without_a_reason_notes_the_discharge_reason(world, open_a):
    second = FollowUpTaskFactory(result=open_a.result, text="Second follow-up")
    decisions = keep_all(open_a) | {f"task:{second.uuid}": Decision(close=True)}
    discharge(open_a, world.practitioner, decisions, reason="lost_contact")
    open_a.task.refresh_from_db()
    second.refresh_from_db()
    assert open_a.task.is_open
    assert second.outcome_note == "Family discharged: Lost contact"


def test_a_scheduled_visit_is_cancelled_by_staff_with_the_reason_or_kept(world, open_a):
    # Given a second visit the day after tomorrow, and visits that are not open: done, cancelled, before
    kept = make_visit(open_a.family, world.practitioner, on=TODAY + 2 * DAY)
    make_visit(open_a.family, world.practitioner, on=TODAY - 3 * DAY, status="completed")
    make_visit(open_a.family, world.practitioner, on=TODAY + 3 * DAY, status="cancelled")
    earlier = make_visit(open_a.family, world.practitioner, on=TODAY - 2 * DAY)
    # Then only the visits scheduled on or after the discharge date are asked about
    visits = discharge_sections(user=world.practitioner, enrollment=open_a.enrollment, on=TODAY)
    asked = {item.key for s in visits if s.kind == "visits" for item in s.items}
    assert asked == {open_a.visit_key, f"visit:{kept.uuid}"}
    # When one is cancelled and the other kept
    decisions = keep_all(open_a) | {
        open_a.visit_key: Decision(close=True, reason="Family moved away"),
        f"visit:{kept.uuid}": Decision(close=False),
    }
    discharge(open_a, world.practitioner, decisions)
    # Then the first is cancelled by staff with the reason, through the versioned write path
    open_a.visit.refresh_from_db()
    kept.refresh_from_db()
    earlier.refresh_from_db()
    assert (open_a.visit.status, open_a.visit.cancelled_by, open_a.visit.status_note) == (
        "cancelled",
        "staff",
        "Family moved away",
    )
    assert open_a.visit.version == 2
    assert RecordChange.objects.filter(record_uuid=open_a.visit.uuid).exists()
    assert kept.status == "scheduled" and earlier.status == "scheduled"


def test_a_due_screen_closed_is_noted_as_not_given_with_the_reason(world, open_a):
    decisions = keep_all(open_a) | {open_a.screen_key: Decision(close=True, reason="Declined on the day")}
    episode = discharge(open_a, world.practitioner, decisions)
    noted = DischargeItem.objects.get(enrollment=episode, key=open_a.screen_key)
    assert noted.closed and noted.reason == "Declined on the day" and "PHQ-9" in noted.label


def test_the_date_given_decides_which_visits_are_asked_about(world, open_a):
    # A visit two days ago is still scheduled: discharging as of three days ago asks about it
    make_visit(open_a.family, world.practitioner, on=TODAY - 2 * DAY)
    with pytest.raises(RecordInvalid) as refusal:
        discharge(open_a, world.practitioner, discharged_on=TODAY - 3 * DAY)
    assert [key for key in refusal.value.errors if key.startswith("decide:visit:")]


# Refusals: each leaves everything as it was


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"discharged_on": TODAY + DAY}, "discharged_on"),
        ({"discharged_on": TODAY - 41 * DAY}, "discharged_on"),
        ({"discharged_on": None}, "discharged_on"),
        ({"summary": "   "}, "discharge_note"),
        ({"summary": "x" * 4001}, "discharge_note"),
        ({"reason": ""}, "discharge_reason"),
        ({"reason": "bored"}, "discharge_reason"),
    ],
    ids=["future", "before enrollment", "no date", "no summary", "summary too long", "no reason", "unknown"],
)
def test_a_discharge_with_a_bad_value_is_refused_and_changes_nothing(world, open_a, changes, field):
    before = _state(open_a)
    with pytest.raises(RecordInvalid) as refusal:
        discharge(open_a, world.practitioner, **changes)
    assert field in refusal.value.errors
    assert _state(open_a) == before


def test_the_messages_say_what_is_allowed(world, open_a):
    with pytest.raises(RecordInvalid) as refusal:
        discharge(open_a, world.practitioner, discharged_on=TODAY - 41 * DAY, summary="x" * 4001)
    assert "before the enrollment" in refusal.value.errors["discharged_on"][0]
    assert "4,000" in refusal.value.errors["discharge_note"][0]


def test_every_open_item_needs_an_answer(world, open_a):
    before = _state(open_a)
    decisions = keep_all(open_a)
    del decisions[open_a.visit_key]
    with pytest.raises(RecordInvalid) as refusal:
        discharge(open_a, world.practitioner, decisions)
    assert f"decide:{open_a.visit_key}" in refusal.value.errors
    assert _state(open_a) == before


def test_a_second_discharge_of_one_episode_is_refused(world, open_a):
    discharge(open_a, world.practitioner)
    open_a.enrollment.refresh_from_db()
    with pytest.raises(AlreadyClosed) as refusal:
        discharge(open_a, world.practitioner, decisions={})
    assert "already discharged" in refusal.value.errors[""][0]


def test_a_stale_version_is_refused_with_the_other_persons_change(world, open_a):
    # Given someone changed the episode's level after the practitioner opened the page
    enrollment_update(
        enrollment=open_a.enrollment,
        by=world.practitioner,
        version=1,
        service_level="intervention",
        level_changed_on=TODAY,
    )
    stale = Enrollment.objects.get(pk=open_a.enrollment.pk)
    before = _state(open_a)
    # When the discharge is sent from version 1
    with pytest.raises(StaleEdit) as refusal:
        discharge(open_a, world.practitioner, version=1, enrollment=stale)
    # Then it is refused naming the change, and nothing is written
    assert [change.field for change in refusal.value.changes] == ["service_level"]
    assert _state(open_a) == before


def test_another_familys_task_posted_is_refused_and_closes_nothing(world, open_a):
    other = open_family(world.family_b, world.practitioner)
    before = _state(open_a), _state(other)
    decisions = keep_all(open_a) | {other.task_key: Decision(close=True, reason="Not theirs")}
    with pytest.raises(RecordInvalid) as refusal:
        discharge(open_a, world.practitioner, decisions)
    assert "not an open item of this family" in refusal.value.errors[""][0]
    assert (_state(open_a), _state(other)) == before


def test_a_task_closed_meanwhile_is_refused_so_the_list_is_checked_again(world, open_a):
    decisions = keep_all(open_a) | {open_a.task_key: Decision(close=True)}
    task_close(task=open_a.task, by=world.practitioner, outcome="discussed", version=open_a.task.version)
    with pytest.raises(RecordInvalid) as refusal:
        discharge(open_a, world.practitioner, decisions)
    assert "may have been closed meanwhile" in refusal.value.errors[""][0]
    open_a.enrollment.refresh_from_db()
    assert open_a.enrollment.is_open


@pytest.mark.parametrize("persona", ["supervisor", "manager", "colleague", "outsider"])
def test_only_whoever_carries_the_family_discharges_it(world, open_a, persona):
    before = _state(open_a)
    with pytest.raises(AccessDenied):
        discharge(open_a, world.persona(persona))
    with pytest.raises(AccessDenied):
        discharge_sections(user=world.persona(persona), enrollment=open_a.enrollment, on=TODAY)
    assert _state(open_a) == before


# One transaction


def test_a_failure_part_way_leaves_nothing_changed(world, open_a, monkeypatch):
    # Given a kind of item whose close fails, after the tasks and visits have been closed
    def fail(**_kwargs):
        raise RuntimeError("the network went down")

    monkeypatch.setitem(
        contributions._discharge,
        "failing",
        DischargeContributor(
            kind="failing",
            heading="Failing",
            open_items=lambda **_kw: [OpenItem("failing:1", "Something", "closes", "stays")],
            close=fail,
        ),
    )
    before = _state(open_a)
    decisions = {key: Decision(close=True) for key in keep_all(open_a)} | {"failing:1": Decision(close=True)}
    # When the discharge runs
    with pytest.raises(RuntimeError):
        discharge(open_a, world.practitioner, decisions)
    # Then the task is still open, the visit still scheduled, the episode still open: nothing half-done
    assert _state(open_a) == before
    open_a.task.refresh_from_db()
    assert open_a.task.is_open and Visit.objects.get(pk=open_a.visit.pk).status == "scheduled"


# Sensitive categories: never revealed, never closed blind


def test_a_task_the_practitioner_may_not_see_is_counted_kept_and_never_closed(world, open_a):
    hidden = _alcohol_follow_up(open_a, world.practitioner)
    # The page lists it only as an item they may not see
    sections = {
        s.kind: s for s in discharge_sections(user=world.practitioner, enrollment=open_a.enrollment, on=TODAY)
    }
    assert sections["tasks"].hidden_count == 1
    assert f"task:{hidden.uuid}" not in {item.key for item in sections["tasks"].items}
    # Posting its key to close it is refused like any key not on the list
    with pytest.raises(RecordInvalid):
        discharge(
            open_a, world.practitioner, keep_all(open_a) | {f"task:{hidden.uuid}": Decision(close=True)}
        )
    hidden.refresh_from_db()
    assert hidden.is_open
    # A discharge keeps it, open, and records it kept in its category
    episode = discharge(open_a, world.practitioner)
    hidden.refresh_from_db()
    assert hidden.is_open
    kept = DischargeItem.objects.get(enrollment=episode, key=f"task:{hidden.uuid}")
    assert not kept.closed and kept.sensitive_category == "substance_use"


def test_with_a_grant_the_sensitive_task_is_listed_and_closed(world, open_a, grant):
    grant(world.practitioner, "substance_use")
    hidden = _alcohol_follow_up(open_a, world.practitioner)
    discharge(open_a, world.practitioner, keep_all(open_a) | {f"task:{hidden.uuid}": Decision(close=True)})
    hidden.refresh_from_db()
    assert hidden.outcome == "family_discharged"


def test_the_plan_says_what_will_happen_without_writing(world, open_a):
    before = _state(open_a)
    plan = discharge_plan(
        enrollment=open_a.enrollment,
        by=world.practitioner,
        version=1,
        discharged_on=TODAY,
        reason="goals_met",
        summary=SUMMARY,
        decisions=keep_all(open_a) | {open_a.task_key: Decision(close=True)},
    )
    assert [p.item.key for p in plan.closing] == [open_a.task_key]
    assert plan.closing[0].reason == "Family discharged: Goals met"
    assert {p.item.key for p in plan.keeping} == {open_a.visit_key, open_a.screen_key}
    assert _state(open_a) == before


def test_an_open_care_plan_is_asked_about_and_closing_it_closes_its_goals_and_review(world, open_a):
    # Given the family's open care plan with a goal being worked on and its review on the task list
    plan = care_plan_create(
        family=open_a.family,
        by=world.practitioner,
        started_on=TODAY - 10 * DAY,
        review_on=TODAY + 60 * DAY,
    )
    goal = GoalFactory(plan=plan, about=open_a.mother)
    sections = discharge_sections(user=world.practitioner, enrollment=open_a.enrollment, on=TODAY)
    asked = [item for s in sections if s.kind == "plans" for item in s.items]
    assert [item.key for item in asked] == [f"plan:{plan.uuid}"]
    assert "1 goal being worked on" in asked[0].label
    # When the discharge closes it
    decisions = keep_all(open_a) | {f"plan:{plan.uuid}": Decision(close=True, reason="")}
    review = Task.objects.get(family=open_a.family, kind="plan_review")
    decisions[f"task:{review.uuid}"] = Decision(close=False)
    discharge(open_a, world.practitioner, decisions)
    # Then the plan is closed on the discharge date, its goal no longer pursued, its review closed
    plan.refresh_from_db()
    goal.refresh_from_db()
    review.refresh_from_db()
    assert plan.closed_on == TODAY
    assert (goal.status, goal.closed_on) == ("stopped", TODAY)
    assert not review.is_open
