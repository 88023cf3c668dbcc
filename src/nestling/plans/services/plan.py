"""The care plan itself: made for the family's open episode of care, edited by version, reviewed on a date
and closed once. A review due is a task on the one task list: it opens with the plan, due on its review
date; a review closes it and opens the next; a change of the review date moves it."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.families.models import Enrollment, Family
from nestling.families.validation import Errors, happened_errors, review_errors
from nestling.plans.models import CarePlan, GoalProgress, GoalStatus, PlanReview
from nestling.plans.services.checks import add, day, merge, plan_is_open, text_checked
from nestling.plans.services.goals import goal_close_with_plan
from nestling.plans.task_kinds import PLAN_REVIEW
from nestling.records.errors import RecordInvalid
from nestling.records.writes import (
    already_created,
    audit_create,
    insert_once,
    record_close_once,
    record_update,
)
from nestling.tasks.kinds import TaskOutcome
from nestling.tasks.models import Task
from nestling.tasks.services import task_open, tasks_close_open

PLAN_FIELDS = frozenset({"started_on", "review_on", "summary"})
SUMMARY_LIMIT = 4000
REVIEW_NOTE_LIMIT = 4000


def open_episode(family: Family) -> Enrollment | None:
    """The family's open episode of care (the latest, when it is open in more than one program)."""
    return (
        Enrollment.objects.filter(family=family, discharged_on__isnull=True)
        .order_by("-enrolled_on", "-pk")
        .first()
    )


def _first_recorded(plan: CarePlan) -> date | None:
    """The earliest date recorded against the plan (a progress rating, a review): its start is not after
    it."""
    rated = (
        GoalProgress.objects.filter(goal__plan=plan).order_by("rated_on").values_list("rated_on", flat=True)
    )
    reviewed = plan.reviews.order_by("reviewed_on").values_list("reviewed_on", flat=True)
    dates = [d for d in (rated.first(), reviewed.first()) if d is not None]
    return min(dates) if dates else None


def _plan_errors(
    values: dict[str, Any], *, enrollment: Enrollment | None, recorded_from: date | None
) -> Errors:
    errors: Errors = {}
    started, review = values.get("started_on"), values.get("review_on")
    if started is None:
        add(errors, "started_on", _("Enter the date the plan started."))
    if review is None:
        add(errors, "review_on", _("Enter the date to review the plan by."))
    values["summary"] = text_checked(errors, "summary", values.get("summary", ""), limit=SUMMARY_LIMIT)
    merge(
        errors,
        happened_errors(
            "started_on",
            started,
            not_before=enrollment.enrolled_on if enrollment is not None else None,
            not_before_code="before_enrollment",
        ),
    )
    if started is not None and "started_on" not in errors:
        merge(errors, review_errors("review_on", review, start=started))
        if recorded_from is not None and started > recorded_from:
            add(
                errors,
                "started_on",
                _("Progress or a review of this plan is recorded on %(on)s: the plan starts then or before.")
                % {"on": day(recorded_from)},
            )
    return errors


def plan_review_tasks(plan: CarePlan) -> QuerySet[Task]:
    """The plan's review tasks (open and closed)."""
    return Task.objects.filter(kind=PLAN_REVIEW, care_plan=plan)


def _review_task_open(plan: CarePlan, *, by: User) -> Task:
    return task_open(
        family=plan.family,
        kind=PLAN_REVIEW,
        text=_("Review the care plan with the family (the plan from %(on)s).") % {"on": day(plan.started_on)},
        due_on=plan.review_on,
        by=by,
        source=plan,
    )


def _review_task_follow(plan: CarePlan, *, by: User) -> None:
    """The plan's review date changed: its open review task moves to it (one is opened if none is)."""
    open_tasks = list(plan_review_tasks(plan).filter(done_at__isnull=True).select_related("family"))
    if not open_tasks:
        _review_task_open(plan, by=by)
        return
    for task in open_tasks:
        record_update(
            task,
            by=by,
            version=task.version,
            changes={"due_on": plan.review_on},
            allowed=frozenset({"due_on"}),
            family=plan.family,
            detail={"because": "care plan review date changed"},
        )


def care_plan_create(
    *,
    family: Family,
    by: User,
    started_on: date | None,
    review_on: date | None,
    summary: str = "",
    client_id: UUID | None = None,
) -> CarePlan:
    """Make the family's care plan for its open episode of care, and the task to review it by
    `review_on`. Refused without an open episode, or when the episode has an open plan already. A
    repeated submission with the same client id returns the plan the first one made."""
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(CarePlan, family=family, client_id=client_id)
    if existing is not None:
        return existing
    enrollment = open_episode(family)
    if enrollment is None:
        raise RecordInvalid(
            {"": [_("Enroll the family before making a care plan: a plan belongs to an episode of care.")]}
        )
    values: dict[str, Any] = {"started_on": started_on, "review_on": review_on, "summary": summary}
    errors = _plan_errors(values, enrollment=enrollment, recorded_from=None)
    if CarePlan.objects.filter(enrollment=enrollment, closed_on__isnull=True).exists():
        add(errors, "", _("This episode of care has an open plan already: add goals to it, or review it."))
    if errors:
        raise RecordInvalid(errors)
    try:
        with transaction.atomic():
            plan, created = insert_once(
                CarePlan(
                    organization_id=family.organization_id,
                    family=family,
                    enrollment=enrollment,
                    client_id=client_id,
                    created_by=by,
                    **values,
                )
            )
            if created:
                audit_create(by=by, record=plan, family=family)
                _review_task_open(plan, by=by)
    except IntegrityError as clash:  # another plan for the episode was saved a moment before this one
        raise RecordInvalid(
            {"": [_("This episode of care has an open plan already: add goals to it, or review it.")]}
        ) from clash
    return plan


def care_plan_update(*, plan: CarePlan, by: User, version: int, **changes: Any) -> CarePlan:
    """Change the plan's start, review date or what the family hopes for, from the version the editor
    read. A new review date moves the open review task to it."""
    family = plan.family
    require(by, Action.FAMILY_EDIT, family)
    values = {name: getattr(plan, name) for name in PLAN_FIELDS} | changes
    errors: Errors = {}
    plan_is_open(errors, plan)
    merge(errors, _plan_errors(values, enrollment=plan.enrollment, recorded_from=_first_recorded(plan)))
    if errors:
        raise RecordInvalid(errors)
    if "summary" in changes:
        changes["summary"] = values["summary"]
    with transaction.atomic():
        updated, before = record_update(
            plan, by=by, version=version, changes=changes, allowed=PLAN_FIELDS, family=family
        )
        if "review_on" in before:
            _review_task_follow(updated, by=by)
    return updated


def plan_review_record(
    *,
    plan: CarePlan,
    by: User,
    version: int,
    reviewed_on: date | None,
    note: str,
    next_review_on: date | None,
    client_id: UUID | None = None,
) -> PlanReview:
    """Record a review of the plan (read at `version`): what was concluded and when it is next reviewed.
    The open review task closes, saying so, and the next one opens, due `next_review_on`."""
    family = plan.family
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(PlanReview, family=family, client_id=client_id)
    if existing is not None:
        return existing
    errors: Errors = {}
    plan_is_open(errors, plan)
    note = text_checked(
        errors, "note", note, limit=REVIEW_NOTE_LIMIT, required=_("Say what the review concluded.")
    )
    if reviewed_on is None:
        add(errors, "reviewed_on", _("Enter the date of the review."))
    if next_review_on is None:
        add(errors, "next_review_on", _("Enter the date to review the plan by next."))
    # Not before the plan began, nor before its last review.
    last = plan.reviews.order_by("-reviewed_on").values_list("reviewed_on", flat=True).first()
    merge(
        errors,
        happened_errors(
            "reviewed_on",
            reviewed_on,
            not_before=last or plan.started_on,
            not_before_code="before_last_review" if last else "before_plan",
        ),
    )
    if reviewed_on is not None and "reviewed_on" not in errors:
        merge(errors, review_errors("next_review_on", next_review_on, start=reviewed_on))
    if errors:
        raise RecordInvalid(errors)
    assert reviewed_on is not None and next_review_on is not None
    with transaction.atomic():
        # The plan first: a review of a plan changed meanwhile is refused before anything is written.
        updated, _before = record_update(
            plan,
            by=by,
            version=version,
            changes={"review_on": next_review_on},
            allowed=PLAN_FIELDS,
            family=family,
            detail={"because": "plan reviewed"},
        )
        review, created = insert_once(
            PlanReview(
                organization_id=family.organization_id,
                plan=plan,
                reviewed_on=reviewed_on,
                note=note,
                next_review_on=next_review_on,
                reviewed_by=by,
                client_id=client_id,
                created_by=by,
            )
        )
        if created:
            audit_create(by=by, record=review, family=family)
            tasks_close_open(
                plan_review_tasks(plan),
                by=by,
                outcome=TaskOutcome.OTHER,
                note=_("The plan was reviewed on %(on)s.") % {"on": day(reviewed_on)},
            )
            _review_task_open(updated, by=by)
    return review


def _closed_already(plan: CarePlan) -> str:
    on = day(plan.closed_on) if plan.closed_on is not None else ""
    return _("This plan was closed on %(on)s already.") % {"on": on}


def care_plan_close(*, plan: CarePlan, by: User, version: int | None, closed_on: date | None) -> CarePlan:
    """Close the plan (the episode ended: a discharge): its goals still being worked on close as no longer
    pursued, and its open review task closes. Closed once; the plan stays readable."""
    family = plan.family
    require(by, Action.FAMILY_EDIT, family)
    errors: Errors = {}
    if closed_on is None:
        add(errors, "closed_on", _("Enter the date the plan closed."))
    merge(
        errors,
        happened_errors("closed_on", closed_on, not_before=plan.started_on, not_before_code="before_plan"),
    )
    if errors:
        raise RecordInvalid(errors)
    assert closed_on is not None
    with transaction.atomic():
        closed = record_close_once(
            plan,
            by=by,
            version=version,
            closed_when="closed_on",
            values={"closed_on": closed_on},
            refusal=_closed_already,
            family=family,
        )
        for goal in plan.goals.filter(status=GoalStatus.ACTIVE):
            goal_close_with_plan(goal=goal, by=by, closed_on=closed_on)
        tasks_close_open(
            plan_review_tasks(plan),
            by=by,
            outcome=TaskOutcome.OTHER,
            note=_("The plan was closed on %(on)s.") % {"on": day(closed_on)},
        )
    return closed
