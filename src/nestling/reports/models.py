"""A de-identified export for evaluation: asked for by a manager, built in the background when large, kept
until it expires. It records what was asked (the period, how dates are made safe, the sensitive
categories included), how far the build has come, and the file."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class DateHandling(models.TextChoices):
    SHIFT = "shift", _("Shift every date of a family by the same few weeks")
    MONTH = "month", _("Keep only the month")


class DataExport(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey("organizations.Program", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    dates = models.CharField(
        _("dates"), max_length=10, choices=DateHandling.choices, default=DateHandling.MONTH
    )
    categories = models.JSONField(_("sensitive categories included"), default=list, blank=True)
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveIntegerField(default=0)  # families done
    total = models.PositiveIntegerField(default=0)  # families to do
    rows = models.PositiveIntegerField(default=0)
    content = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"export {self.uuid} ({self.status})"
