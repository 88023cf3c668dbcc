"""What every clinical row carries (`ClinicalRecord`), and the history table every change is written to."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from nestling.organizations.models import Organization


class ClinicalRecord(models.Model):
    """A row of clinical data: addressed by UUID, owned by an organization, edited by version.

    `client_id` is the id the submitting form generated; a repeated submission finds the row it already
    created instead of making a second one.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    # Optimistic concurrency: a save carries the version it started from.
    version = models.PositiveIntegerField(default=1, editable=False)
    client_id = models.UUIDField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "client_id"], name="%(app_label)s_%(class)s_client_id_once"
            )
        ]


class RecordChange(models.Model):
    """One saved change of one clinical record: the fields it changed, before and after, and who saved
    it. Written by the write path in the change's own transaction; read for edit history and for a stale
    save's "what the other person changed". Never edited."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=80)  # app_label.model_name
    record_uuid = models.UUIDField()
    family_uuid = models.UUIDField(null=True, blank=True)
    version = models.PositiveIntegerField()  # the version this change made
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_by_label = models.CharField(max_length=254, blank=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        ordering = ["record_type", "record_uuid", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_uuid", "version"], name="record_change_once_per_version"
            )
        ]
        indexes = [models.Index(fields=["organization", "family_uuid", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_uuid} v{self.version}"
