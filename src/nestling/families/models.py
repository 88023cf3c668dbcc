"""The family (household) and who is assigned to work with it.

The household record is minimal here; caregivers, children and their relationships build on it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.organizations.models import Organization, Program


class Family(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="families")
    name = models.CharField(_("household name"), max_length=200)
    reference = models.CharField(_("reference number"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: a save carries the version it started from.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("families")
        indexes = [models.Index(fields=["organization", "name"])]

    def __str__(self) -> str:
        return self.name


class AssignmentKind(models.TextChoices):
    PRIMARY = "primary", _("Primary")
    SECONDARY = "secondary", _("Secondary")


class CaseloadAssignment(models.Model):
    """A practitioner assigned to a family, which puts the family on their caseload while it is current."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="assignments")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="caseload_assignments"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=AssignmentKind.choices, default=AssignmentKind.PRIMARY
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["practitioner", "ends_on"]),
            models.Index(fields=["family", "ends_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.practitioner} – {self.family} ({self.kind})"
