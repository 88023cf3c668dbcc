"""Putting a family on a pathway, and taking it off. The practitioner's steps become tasks on the one task
list (so the worklist shows them, due on the step's day); the caregiver's steps are read by the portal."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.families.models import Child, Enrollment, Family
from nestling.pathways.definition import Pathway, Step, pathway_library
from nestling.pathways.models import FamilyPathway
from nestling.pathways.task_kinds import PATHWAY_STEP
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

PREGNANCY_DAYS = 280  # from the first day of the last period to the due date


def anchor_day(pathway: Pathway, *, family: Family, child: Child | None) -> tuple[date | None, str]:
    """The day the pathway's steps count from, or None and why it cannot be known yet."""
    if pathway.anchor == "enrollment":
        episode = (
            Enrollment.objects.filter(family=family, discharged_on__isnull=True)
            .order_by("-enrolled_on")
            .first()
        )
        if episode is None:
            return None, _("This pathway counts from the enrollment, and the family has no open enrollment.")
        return episode.enrolled_on, ""
    if child is None:
        return None, _("Choose the baby this pathway follows.")
    born_or_due = child.date_of_birth or child.due_date
    if born_or_due is None:
        return None, _("Record the baby's date of birth or due date first.")
    if pathway.anchor == "pregnancy":
        return born_or_due - timedelta(days=PREGNANCY_DAYS), ""
    return born_or_due, ""


def pathway_start(
    *, family: Family, pathway_key: str, by: User, child: Child | None = None, client_id: UUID | None = None
) -> FamilyPathway:
    """Put the family on a pathway version. The practitioner's steps from today on open as tasks for `by`."""
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(FamilyPathway, family=family, client_id=client_id)
    if existing is not None:
        return existing
    pathway = pathway_library().get(pathway_key)
    errors: dict[str, list[str]] = {}
    if pathway is None:
        raise RecordInvalid({"pathway": [_("Choose one of the pathways.")]})
    if child is not None and child.family_id != family.pk:
        errors["child"] = [_("Choose a child of this household.")]
        child = None
    anchor, why_not = anchor_day(pathway, family=family, child=child)
    if anchor is None:
        errors.setdefault("child" if pathway.anchor != "enrollment" else "", []).append(why_not)
    # Twins, or a sibling born later, each follow the pathway of their own; one baby follows it once.
    same = FamilyPathway.objects.filter(
        family=family, child=child, ended_on__isnull=True, pathway__startswith=f"{pathway.id}@"
    )
    if same.exists():
        errors.setdefault("", []).append(_("The family is already on this pathway with this baby."))
    if errors or anchor is None:
        raise RecordInvalid(errors)
    today = timezone.localdate()
    with transaction.atomic():
        on, created = insert_once(
            FamilyPathway(
                organization_id=family.organization_id,
                family=family,
                pathway=pathway.key,
                child=child,
                anchor_on=anchor,
                started_on=today,
                started_by=by,
                client_id=client_id,
                created_by=by,
            )
        )
        if not created:
            return on
        audit_create(
            by=by, record=on, family=family, detail={"pathway": pathway.key, "anchor_on": anchor.isoformat()}
        )
        for step in pathway.steps:
            due = anchor + timedelta(days=step.day)
            if step.for_practitioner and due >= today:
                task_open(
                    family=family,
                    kind=PATHWAY_STEP,
                    text=_step_text(pathway, step),
                    due_on=due,
                    by=by,
                    source=on,
                )
    return on


def _step_text(pathway: Pathway, step: Step) -> str:
    return _("%(pathway)s: %(step)s") % {"pathway": pathway.title("en"), "step": step.title("en")}


def _step_tasks(on: FamilyPathway) -> QuerySet[Task]:
    return Task.objects.filter(
        family=on.family,
        kind=PATHWAY_STEP,
        source_type=ContentType.objects.get_for_model(FamilyPathway),
        source_id=on.pk,
    )


def pathway_dates_follow(*, by: User, family: Family, what: str) -> None:
    """A date the family's pathways count from was corrected (a child's birth or due date: "birth"; the
    enrollment: "enrollment"): each open pathway counting from it moves to the new day, and so do the
    practitioner's tasks its steps opened. A step that now falls from today on and had no task (its old
    day had passed when the family started) gets one; a task already done stays as it was done."""
    rows = FamilyPathway.objects.filter(family=family, ended_on__isnull=True).select_related("child")
    for on in rows:
        pathway = pathway_library().get(on.pathway)
        if pathway is None or (pathway.anchor == "enrollment") != (what == "enrollment"):
            continue
        anchor, _why_not = anchor_day(pathway, family=family, child=on.child)
        if anchor is None or anchor == on.anchor_on:
            continue
        was = on.anchor_on
        moved, _before = record_update(
            on,
            by=by,
            version=on.version,
            changes={"anchor_on": anchor},
            allowed=frozenset({"anchor_on"}),
            family=family,
            detail={"event": "anchor_corrected", "from": what},
        )
        today = timezone.localdate()
        # a step's task is the one due on the step's old day (steps of one day pair up in order)
        by_day: dict[date, list[Task]] = {}
        for task in _step_tasks(moved).order_by("pk"):
            by_day.setdefault(task.due_on, []).append(task)
        for step in pathway.steps:
            if not step.for_practitioner:
                continue
            due = anchor + timedelta(days=step.day)
            same_day = by_day.get(was + timedelta(days=step.day), [])
            opened = same_day.pop(0) if same_day else None
            if opened is None:
                if due >= today:
                    task_open(
                        family=family,
                        kind=PATHWAY_STEP,
                        text=_step_text(pathway, step),
                        due_on=due,
                        by=by,
                        source=moved,
                        assignee=moved.started_by,
                    )
            elif opened.done_at is None and opened.due_on != due:
                record_update(
                    opened,
                    by=by,
                    version=opened.version,
                    changes={"due_on": due},
                    allowed=frozenset({"due_on"}),
                    family=family,
                    detail={"event": "pathway_anchor_corrected"},
                )


def pathway_end(*, on: FamilyPathway, by: User, version: int) -> FamilyPathway:
    """Take the family off the pathway; its practitioner steps still open close with it."""
    require(by, Action.FAMILY_EDIT, on.family)
    with transaction.atomic():
        ended = record_close_once(
            on,
            by=by,
            version=version,
            closed_when="ended_on",
            values={"ended_on": timezone.localdate()},
            refusal=lambda current: _("The family already left this pathway."),
            family=on.family,
        )
        tasks_close_open(
            _step_tasks(on), by=by, outcome=TaskOutcome.OTHER, note=_("The family left the pathway.")
        )
    return ended
