"""One task list: every "something to do" — follow a positive screen up, screen again, look into faltering
growth, and later chase a referral, review a plan, document a visit — is a task with a kind, a family, the
subject it is about, a due date, an assignee and the record that raised it (its source).

The apps that raise tasks declare their kinds in `tasks.kinds`; a task is closed once, with what was done.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nestling.families.models import Family, Subject
from nestling.records.models import ClinicalRecord
from nestling.tasks.kinds import SourceLink, TaskOutcome, task_kind


class TaskQuerySet(models.QuerySet["Task"]):
    def open(self) -> TaskQuerySet:
        return self.filter(done_at__isnull=True)


class Task(ClinicalRecord):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="tasks")
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    kind = models.CharField(_("kind"), max_length=40)  # a code registered in tasks.kinds
    text = models.TextField(_("what to do"))
    due_on = models.DateField(_("due on"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The record that raised the task: a screening result, a measurement, a referral, a visit…
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("what was done"), max_length=30, choices=TaskOutcome.choices, blank=True)
    outcome_note = models.TextField(_("note"), blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta(ClinicalRecord.Meta):
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["family", "done_at"]),
            models.Index(fields=["assignee", "done_at"]),
            models.Index(fields=["source_type", "source_id"]),
        ]
        constraints = [
            *ClinicalRecord.Meta.constraints,
            # Done only with who did it and what was done, and "other" only with a note.
            models.CheckConstraint(
                condition=models.Q(done_at__isnull=True)
                | (models.Q(done_by__isnull=False) & ~models.Q(outcome="")),
                name="task_done_with_outcome",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="other") | ~models.Q(outcome_note=""),
                name="task_other_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} due {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()

    @property
    def kind_label(self) -> str:
        return str(task_kind(self.kind).label)

    @property
    def sensitive_category(self) -> str:
        """The category the task is in, as its kind says from its source ("" for most tasks)."""
        of = task_kind(self.kind).category
        return of(self) if of is not None and self.source_type_id is not None else ""

    @property
    def audit_category(self) -> str:
        """A sensitive task is read and written under its category."""
        return self.sensitive_category

    @property
    def source_link(self) -> SourceLink | None:
        """Where the record that raised this task is seen, as its kind says."""
        link = task_kind(self.kind).source_link
        return link(self) if link is not None and self.source_type_id is not None else None
