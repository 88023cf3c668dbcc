"""Goals of the care plan, for each of the three patients, and their progress over time.

A goal is for one subject of the family (a caregiver, a child, or a caregiver–child relationship), says
what progress will look like, who is responsible and when it is reviewed, plans services towards it, and
says what motivated it: one of the family's screening results, risk factors or relationship observations,
or words. Its edits are versioned, its planned services with it, so every earlier wording stays in its
history; it is closed once (met, replaced or stopped) with a date. Progress is rated on a fixed
five-point scale, dated between the plan's start and the goal's close.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require, require_category
from nestling.accounts.models import User
from nestling.families.models import (
    Family,
    Person,
    RelationshipObservation,
    RiskFactor,
    subject_of,
)
from nestling.families.validation import Errors, happened_errors, review_errors
from nestling.plans.models import (
    CarePlan,
    Goal,
    GoalProgress,
    GoalStatus,
    PlannedService,
    ProgressRating,
    ServiceType,
)
from nestling.plans.selectors import responsible_staff
from nestling.plans.services.checks import add, day, merge, plan_is_open, text_checked
from nestling.records.errors import RecordInvalid
from nestling.records.writes import (
    already_created,
    audit_create,
    insert_once,
    record_close_once,
    record_update,
)
from nestling.screening.models import ScreeningResult

Motivation = ScreeningResult | RiskFactor | RelationshipObservation
# A service planned towards a goal, and how often ("" when not said).
Planned = tuple[ServiceType, str]

GOAL_FIELDS = frozenset(
    {
        "subject",
        "statement",
        "progress_looks_like",
        "caregiver_wording",
        "responsible",
        "responsible_note",
        "review_on",
        "from_result",
        "from_factor",
        "from_observation",
        "motivation_note",
    }
)
# What goal_update takes: the fields as they are, and the patient, motivation and services as objects.
GOAL_CHANGES = (GOAL_FIELDS - {"subject", "from_result", "from_factor", "from_observation"}) | {
    "about",
    "motivation",
    "services",
}
CLOSING = (GoalStatus.MET, GoalStatus.CHANGED, GoalStatus.STOPPED)
FREQUENCY_LIMIT = 120
PROGRESS_NOTE_LIMIT = 2000


def motivation_fields(motivation: Motivation | None) -> dict[str, Any]:
    """The goal's three motivation links for one motivation (the others empty)."""
    return {
        "from_result": motivation if isinstance(motivation, ScreeningResult) else None,
        "from_factor": motivation if isinstance(motivation, RiskFactor) else None,
        "from_observation": motivation if isinstance(motivation, RelationshipObservation) else None,
    }


def motivation_of(goal: Goal) -> Motivation | None:
    return goal.from_result or goal.from_factor or goal.from_observation


def _family_of(motivation: Motivation) -> int:
    if isinstance(motivation, RelationshipObservation):
        return motivation.relationship.family_id
    return motivation.family_id


def _require_motivation_shown(by: User, motivation: Motivation | None, family: Family) -> None:
    """A motivation in a sensitive category (a substance-use factor, say) needs the grant to link."""
    if motivation is None:
        return
    require_category(
        by,
        getattr(motivation, "sensitive_category", ""),
        family,
        action="goal.motivation",
        subject_type=motivation._meta.model_name or "",
        subject_id=motivation.uuid,
    )


def _goal_errors(
    values: dict[str, Any], *, plan: CarePlan, services: Sequence[Planned], current: Goal | None = None
) -> Errors:
    """Every reason these values cannot be a goal of this plan. What an edit leaves as it was (`current`)
    is not judged again: a responsible colleague who has left, a screen since marked entered in error."""
    errors: Errors = {}
    family_id = plan.family_id
    plan_is_open(errors, plan)
    about: Person | None = values.get("about")
    if about is None:
        add(errors, "about", _("Choose whom the goal is for: a caregiver, a child or a relationship."))
    elif about.family_id != family_id:
        add(errors, "about", _("Choose a caregiver, child or relationship of this family."))
    values["statement"] = text_checked(
        errors, "statement", values.get("statement", ""), limit=500, required=_("Say what the goal is.")
    )
    values["progress_looks_like"] = text_checked(
        errors,
        "progress_looks_like",
        values.get("progress_looks_like", ""),
        limit=2000,
        required=_("Say what progress will look like, so that it can be rated."),
    )
    values["caregiver_wording"] = text_checked(
        errors, "caregiver_wording", values.get("caregiver_wording", ""), limit=500
    )
    values["responsible_note"] = text_checked(
        errors, "responsible_note", values.get("responsible_note", ""), limit=200
    )
    values["motivation_note"] = text_checked(
        errors, "motivation_note", values.get("motivation_note", ""), limit=500
    )
    responsible: User | None = values.get("responsible")
    kept = current is not None and responsible == current.responsible
    if (
        responsible is not None
        and not kept
        and not responsible_staff(organization_id=plan.organization_id).filter(pk=responsible.pk).exists()
    ):
        add(errors, "responsible", _("Choose a member of your organization's staff."))
    if responsible is None and not values["responsible_note"]:
        add(errors, "responsible", _("Say who is responsible: a staff member, or others in words."))
    if values.get("review_on") is None:
        add(errors, "review_on", _("Enter the date to review the goal by."))
    merge(errors, review_errors("review_on", values.get("review_on"), start=plan.started_on))
    motivation: Motivation | None = values.get("motivation")
    if motivation is not None and _family_of(motivation) != family_id:
        add(errors, "motivation", _("Choose a screen, a factor or an observation of this family."))
    elif (
        isinstance(motivation, ScreeningResult)
        and not motivation.counts
        and (current is None or motivation != motivation_of(current))
    ):
        add(errors, "motivation", _("That screen was stopped or marked entered in error: choose another."))
    if motivation is None and not values["motivation_note"]:
        add(
            errors,
            "motivation",
            _("Say what led to this goal: choose a screen, a factor or an observation, or put it in words."),
        )
    _services_errors(errors, services, plan=plan)
    return errors


def _services_errors(errors: Errors, services: Sequence[Planned], *, plan: CarePlan) -> None:
    seen: set[int] = set()
    for service_type, frequency in services:
        if service_type.organization_id not in (None, plan.organization_id):
            add(errors, "services", _("Choose services your organization offers."))
        if service_type.pk in seen:
            add(errors, "services", _("Each service is planned once for a goal."))
        seen.add(service_type.pk)
        if len(frequency.strip()) > FREQUENCY_LIMIT:
            add(
                errors,
                "services",
                _("Say how often in at most %(limit)d characters (%(service)s).")
                % {"limit": FREQUENCY_LIMIT, "service": service_type.label},
            )


def _services_words(services: Sequence[Planned]) -> list[str]:
    return [
        PlannedService(service_type=service_type, frequency=frequency.strip()).words
        for service_type, frequency in services
    ]


def _services_save(goal: Goal, services: Sequence[Planned]) -> None:
    """Make the goal's planned services these (rows of a goal, saved with its version)."""
    wanted = {service_type.pk: frequency.strip() for service_type, frequency in services}
    current = {row.service_type_id: row for row in goal.planned_services.all()}
    PlannedService.objects.filter(goal=goal).exclude(service_type_id__in=wanted).delete()
    for service_type, _frequency in services:
        frequency = wanted[service_type.pk]
        row = current.get(service_type.pk)
        if row is None:
            PlannedService.objects.create(
                organization_id=goal.organization_id,
                goal=goal,
                service_type=service_type,
                frequency=frequency,
            )
        elif row.frequency != frequency:
            row.frequency = frequency
            row.save(update_fields=["frequency"])


def goal_create(
    *,
    plan: CarePlan,
    by: User,
    about: Person | None,
    statement: str,
    progress_looks_like: str,
    review_on: date | None,
    caregiver_wording: str = "",
    responsible: User | None = None,
    responsible_note: str = "",
    motivation: Motivation | None = None,
    motivation_note: str = "",
    services: Sequence[Planned] = (),
    client_id: UUID | None = None,
) -> Goal:
    """Set a goal in the plan for one of the family's caregivers, children or relationships (`about`),
    with the services planned towards it. A repeated submission returns the goal the first one made."""
    family = plan.family
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(Goal, family=family, client_id=client_id)
    if existing is not None:
        return existing
    values: dict[str, Any] = {
        "about": about,
        "statement": statement,
        "progress_looks_like": progress_looks_like,
        "review_on": review_on,
        "caregiver_wording": caregiver_wording,
        "responsible": responsible,
        "responsible_note": responsible_note,
        "motivation": motivation,
        "motivation_note": motivation_note,
    }
    errors = _goal_errors(values, plan=plan, services=services)
    if errors:
        raise RecordInvalid(errors)
    _require_motivation_shown(by, motivation, family)
    assert about is not None and review_on is not None  # the checks above refuse them empty
    with transaction.atomic():
        goal, created = insert_once(
            Goal(
                organization_id=family.organization_id,
                plan=plan,
                family=family,
                subject=subject_of(about),
                statement=values["statement"],
                progress_looks_like=values["progress_looks_like"],
                caregiver_wording=values["caregiver_wording"],
                responsible=responsible,
                responsible_note=values["responsible_note"],
                review_on=review_on,
                motivation_note=values["motivation_note"],
                position=plan.goals.count(),
                client_id=client_id,
                created_by=by,
                **motivation_fields(motivation),
            )
        )
        if created:
            _services_save(goal, services)
            audit_create(by=by, record=goal, family=family, detail={"services": _services_words(services)})
    return goal


def goal_update(*, goal: Goal, by: User, version: int, **changes: Any) -> Goal:
    """Change a goal still being worked on, from the version the editor read: any of its words, whom it
    is for (`about`), who is responsible, its review date, what motivated it (`motivation`, or words)
    and its planned services (`services`). What it said before stays in its history."""
    plan = goal.plan
    family = goal.family
    require(by, Action.FAMILY_EDIT, family)
    unknown = set(changes) - GOAL_CHANGES
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} here")
    current_services = [(row.service_type, row.frequency) for row in goal.planned_services.all()]
    values: dict[str, Any] = {
        "about": goal.subject.person,
        "motivation": motivation_of(goal),
        **{name: getattr(goal, name) for name in GOAL_FIELDS - {"subject"}},
        **changes,
    }
    services: Sequence[Planned] = changes.get("services", current_services)
    errors = _goal_errors(values, plan=plan, services=services, current=goal)
    if goal.closed_on is not None:
        add(
            errors, "", _("This goal was closed on %(on)s; it stays as it was.") % {"on": day(goal.closed_on)}
        )
    if errors:
        raise RecordInvalid(errors)
    if "motivation" in changes and changes["motivation"] != motivation_of(goal):
        # Replacing a motivation one may not see would lose what one cannot read; linking one needs the grant.
        _require_motivation_shown(by, motivation_of(goal), family)
        _require_motivation_shown(by, changes["motivation"], family)
    fields: dict[str, Any] = {name: values[name] for name in changes if name in GOAL_FIELDS}
    if "motivation" in changes:
        fields.update(motivation_fields(values["motivation"]))
    related = {}
    if "services" in changes:
        related["planned_services"] = (_services_words(current_services), _services_words(services))
    with transaction.atomic():
        if "about" in changes:
            fields["subject"] = subject_of(values["about"])
        updated, before = record_update(
            goal,
            by=by,
            version=version,
            changes=fields,
            allowed=GOAL_FIELDS,
            family=family,
            related=related,
        )
        if "planned_services" in before:
            _services_save(updated, services)
    return updated


def _close_refusal(goal: Goal) -> str:
    return _("This goal was closed on %(on)s (%(status)s).") % {
        "on": day(goal.closed_on) if goal.closed_on else "",
        "status": goal.get_status_display().lower(),
    }


def goal_close(*, goal: Goal, by: User, version: int, status: str, closed_on: date | None) -> Goal:
    """Close a goal once: met, replaced by another goal, or no longer pursued, on a date between the
    plan's start (and the goal's last rating) and today. It stays listed on the plan, closed."""
    family = goal.family
    require(by, Action.FAMILY_EDIT, family)
    errors: Errors = {}
    if status not in CLOSING:
        add(
            errors,
            "status",
            _("Choose how the goal ends: met, replaced by another goal, or no longer pursued."),
        )
    if closed_on is None:
        add(errors, "closed_on", _("Enter the date the goal closed."))
    merge(
        errors,
        happened_errors(
            "closed_on", closed_on, not_before=goal.plan.started_on, not_before_code="before_plan"
        ),
    )
    last_rated = goal.progress.order_by("-rated_on").values_list("rated_on", flat=True).first()
    if (
        closed_on is not None
        and last_rated is not None
        and closed_on < last_rated
        and "closed_on" not in errors
    ):
        add(
            errors,
            "closed_on",
            _("Progress was rated on %(on)s: close the goal on that day or later.") % {"on": day(last_rated)},
        )
    if errors:
        raise RecordInvalid(errors)
    return record_close_once(
        goal,
        by=by,
        version=version,
        closed_when="closed_on",
        values={"status": status, "closed_on": closed_on},
        refusal=_close_refusal,
        family=family,
    )


def goal_close_with_plan(*, goal: Goal, by: User, closed_on: date) -> Goal:
    """A goal still being worked on when its plan closes is no longer pursued, from the same day."""
    return record_close_once(
        goal,
        by=by,
        version=None,
        closed_when="closed_on",
        values={"status": GoalStatus.STOPPED, "closed_on": closed_on},
        refusal=_close_refusal,
        family=goal.family,
        detail={"because": "care plan closed"},
    )


def goal_progress_record(
    *,
    goal: Goal,
    by: User,
    rated_on: date | None,
    rating: int | None,
    note: str = "",
    client_id: UUID | None = None,
) -> GoalProgress:
    """Rate a goal's progress on the five-point scale, on a date from the plan's start to today (and not
    after the goal closed), with a note. A repeated submission returns the rating the first one made."""
    family = goal.family
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(GoalProgress, family=family, client_id=client_id)
    if existing is not None:
        return existing
    errors: Errors = {}
    if rating not in ProgressRating.values:
        add(errors, "rating", _("Choose a point on the scale, from not started to met."))
    if rated_on is None:
        add(errors, "rated_on", _("Enter the date of the rating."))
    merge(
        errors,
        happened_errors(
            "rated_on",
            rated_on,
            not_before=goal.plan.started_on,
            not_before_code="before_plan",
            not_after=goal.closed_on,
            not_after_code="after_goal_closed",
        ),
    )
    note = text_checked(errors, "note", note, limit=PROGRESS_NOTE_LIMIT)
    if errors:
        raise RecordInvalid(errors)
    assert rated_on is not None and rating is not None
    with transaction.atomic():
        progress, created = insert_once(
            GoalProgress(
                organization_id=family.organization_id,
                goal=goal,
                rated_on=rated_on,
                rating=rating,
                note=note,
                rated_by=by,
                client_id=client_id,
                created_by=by,
            )
        )
        if created:
            audit_create(by=by, record=progress, family=family, detail={"goal": str(goal.uuid)})
    return progress
