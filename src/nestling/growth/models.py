"""Measurements of a child's growth: weight, length or height, head circumference.

A measurement is never edited. A correction is a new row that `supersedes` the one it replaces, so the
history keeps what was first written; lists show only the latest row of each chain.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.families.models import Child
from nestling.records.models import ClinicalRecord


class MeasurementKind(models.TextChoices):
    WEIGHT = "weight", _("Weight (kg)")
    LENGTH = "length", _("Length, lying (cm)")
    HEIGHT = "height", _("Height, standing (cm)")
    HEAD_CIRCUMFERENCE = "head_circumference", _("Head circumference (cm)")


# calc's measurement method and posture for each kind
METHODS: dict[str, tuple[str, str | None]] = {
    MeasurementKind.WEIGHT: ("weight", None),
    MeasurementKind.LENGTH: ("height", "length"),
    MeasurementKind.HEIGHT: ("height", "height"),
    MeasurementKind.HEAD_CIRCUMFERENCE: ("head_circumference", None),
}


class MeasurementPlace(models.TextChoices):
    HOME_SCALE = "home_scale", _("Home visit scale")
    CLINIC = "clinic", _("Clinic")
    OTHER = "other", _("Other")


class MeasurementQuerySet(models.QuerySet["Measurement"]):
    def latest_only(self) -> MeasurementQuerySet:
        """Rows no correction has replaced."""
        return self.filter(superseded_by__isnull=True)


class Measurement(ClinicalRecord):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="measurements")
    measured_on = models.DateField(_("measured on"))
    kind = models.CharField(_("measurement"), max_length=20, choices=MeasurementKind.choices)
    # kg for weight, cm otherwise; three decimals keep grams
    value = models.DecimalField(_("value"), max_digits=7, decimal_places=3)
    measured_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    place = models.CharField(
        _("where"), max_length=12, choices=MeasurementPlace.choices, default=MeasurementPlace.HOME_SCALE
    )
    note = models.TextField(_("note"), blank=True)
    # One-to-one: a row is replaced at most once, so corrections form a single chain.
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )

    # The tasks this measurement raised (faltering growth to look into).
    tasks = GenericRelation(
        "tasks.Task",
        content_type_field="source_type",
        object_id_field="source_id",
        related_query_name="measurement",
    )

    objects = MeasurementQuerySet.as_manager()

    class Meta(ClinicalRecord.Meta):
        ordering = ["measured_on", "created_at", "pk"]
        indexes = [models.Index(fields=["organization", "child", "measured_on"])]

    def __str__(self) -> str:
        return f"{self.child} {self.kind} {self.value} {self.measured_on}"

    @property
    def unit(self) -> str:
        return "kg" if self.kind == MeasurementKind.WEIGHT else "cm"
