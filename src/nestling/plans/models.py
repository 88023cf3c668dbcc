"""The care plan: for each family, goals for each of the three patients — a caregiver, a child, a
caregiver–child relationship — with what progress will look like, the services planned towards them, who is
responsible, a review date, and progress rated over time.

The kinds of service an organization delivers live here too: a plan plans them, a visit delivers them.

A goal is a living record: its edits are versioned through the write path (`records.writes`), so every
earlier wording of the plan stays readable in its history; a review of the plan is a row of its own.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.families.models import Enrollment, Family, RelationshipObservation, RiskFactor, Subject
from nestling.organizations.models import Organization
from nestling.plans.service_names import service_name
from nestling.records.models import ClinicalRecord
from nestling.screening.models import ScreeningResult


class ServiceType(models.Model):
    """A kind of service: one of the field's (organization empty, shipped by a migration) or an
    organization's own. Relationship-based therapies may be delivered only by a qualified practitioner."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    relationship_therapy = models.BooleanField(
        _("a relationship-based therapy (needs a qualified practitioner)"), default=False
    )
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(organization__isnull=True),
                name="service_type_shared_code",
            ),
            models.UniqueConstraint(fields=["organization", "code"], name="service_type_org_code"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_shipped(self) -> bool:
        """One of the field's own, shared by every organization: not renamed or retired by one."""
        return self.organization_id is None

    @property
    def label(self) -> str:
        """Its name in the reader's language (a shipped one's by its code; see plans.service_names)."""
        return service_name(code=self.code, name=self.name, shipped=self.is_shipped)


class CarePlan(ClinicalRecord):
    """A family's plan for one episode of care. Reviewed on a date; a review overdue becomes a task."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="care_plans")
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, null=True, blank=True, related_name="care_plans"
    )
    started_on = models.DateField(_("plan started on"))
    review_on = models.DateField(_("review the plan by"))
    summary = models.TextField(_("what the family hopes for"), max_length=4000, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Its review tasks (plans.task_kinds): each review due is one.
    tasks = GenericRelation(
        "tasks.Task",
        content_type_field="source_type",
        object_id_field="source_id",
        related_query_name="care_plan",
    )

    class Meta(ClinicalRecord.Meta):
        ordering = ["-started_on", "-pk"]
        constraints = [
            *ClinicalRecord.Meta.constraints,
            # One open plan per episode of care: a second would split the family's goals in two.
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=models.Q(closed_on__isnull=True),
                name="care_plan_one_open_per_episode",
            ),
        ]

    def __str__(self) -> str:
        return f"care plan of {self.family} from {self.started_on}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class PlanReview(ClinicalRecord):
    """One review of a plan: when, what was concluded, and when it is next reviewed."""

    plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    note = models.TextField(_("what the review concluded"), max_length=4000)
    next_review_on = models.DateField(_("next review by"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(ClinicalRecord.Meta):
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"review of {self.plan_id} on {self.reviewed_on}"


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("Being worked on")
    MET = "met", _("Met")
    CHANGED = "changed", _("Replaced by another goal")
    STOPPED = "stopped", _("No longer pursued")


class Goal(ClinicalRecord):
    """A goal for one of the three patients (its subject: a caregiver, a child or a relationship)."""

    plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="goals")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="goals")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="goals")
    statement = models.CharField(_("the goal"), max_length=500)
    progress_looks_like = models.TextField(_("what progress will look like"), max_length=2000)
    # The words a caregiver reads in the portal, chosen by the practitioner ("" : not shown to them).
    caregiver_wording = models.CharField(_("the goal in the family's words"), max_length=500, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responsible_note = models.CharField(_("who else is responsible"), max_length=200, blank=True)
    review_on = models.DateField(_("review by"))
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # What motivated it: a screening result, a risk factor, an observation of the relationship, or words.
    from_result = models.ForeignKey(
        ScreeningResult, on_delete=models.PROTECT, null=True, blank=True, related_name="goals"
    )
    from_factor = models.ForeignKey(
        RiskFactor, on_delete=models.PROTECT, null=True, blank=True, related_name="goals"
    )
    from_observation = models.ForeignKey(
        RelationshipObservation, on_delete=models.PROTECT, null=True, blank=True, related_name="goals"
    )
    motivation_note = models.CharField(_("what led to this goal"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta(ClinicalRecord.Meta):
        ordering = ["plan", "position", "pk"]
        constraints = [
            *ClinicalRecord.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(status="active", closed_on__isnull=True)
                | (~models.Q(status="active") & models.Q(closed_on__isnull=False)),
                name="goal_closed_with_date",
            ),
        ]

    def __str__(self) -> str:
        return self.statement


class PlannedService(models.Model):
    """A service the plan intends towards a goal, and how often."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="planned_services")
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+")
    frequency = models.CharField(_("how often"), max_length=120, blank=True)

    class Meta:
        ordering = ["goal", "pk"]
        verbose_name = _("service planned")
        verbose_name_plural = _("services planned")
        constraints = [
            models.UniqueConstraint(fields=["goal", "service_type"], name="planned_service_once_per_goal"),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} for goal {self.goal_id}"

    @property
    def words(self) -> str:
        """The service and how often, as the goal's history keeps it."""
        label = self.service_type.label
        return f"{label} ({self.frequency})" if self.frequency else label


class ProgressRating(models.IntegerChoices):
    NOT_STARTED = 1, _("Not started")
    EARLY = 2, _("Early steps")
    SOME = 3, _("Some progress")
    MUCH = 4, _("Much progress")
    MET = 5, _("Met")


class GoalProgress(ClinicalRecord):
    """A dated rating of a goal's progress on the fixed five-point scale, with a note."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="progress")
    rated_on = models.DateField(_("rated on"))
    rating = models.PositiveSmallIntegerField(_("progress"), choices=ProgressRating.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(ClinicalRecord.Meta):
        ordering = ["goal", "rated_on", "pk"]
        constraints = [
            *ClinicalRecord.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="goal_progress_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating} on {self.rated_on}"
