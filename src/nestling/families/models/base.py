"""What every clinical row of the family record carries."""

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
