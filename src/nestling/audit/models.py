"""The audit trail: one append-only row per access to clinical data, in keyed hash chains.

Rows hold plain ids and labels rather than foreign keys, so nothing elsewhere (a user being renamed, a
family being removed) can ever rewrite a row.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    READ = "read", _("Read")
    SEARCH = "search", _("Search")
    EXPORT = "export", _("Export")
    CREATE = "create", _("Create")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    BREAK_GLASS = "break_glass", _("Break the glass")


class AuditOutcome(models.TextChoices):
    ALLOWED = "allowed", _("Allowed")
    DENIED = "denied", _("Denied")


class AppendOnlyError(Exception):
    """Raised by any attempt to change or remove an audit row through the application."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit rows cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit rows cannot be deleted")


class AuditEvent(models.Model):
    # Each organization's trail (chain 0 for events with no organization) is a pool of lanes, and each
    # lane is a hash chain of its own: a row is appended to whichever lane no open transaction holds, so
    # a read never waits for a long write in the same organization.
    chain = models.BigIntegerField()
    lane = models.PositiveIntegerField(default=0)
    seq = models.BigIntegerField()
    at = models.DateTimeField(db_index=True)
    organization_id = models.BigIntegerField(null=True)
    actor_id = models.BigIntegerField(null=True, db_index=True)
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    outcome = models.CharField(max_length=10, choices=AuditOutcome.choices, default=AuditOutcome.ALLOWED)
    category = models.CharField(max_length=40)
    subject_type = models.CharField(max_length=40, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    family_uuid = models.UUIDField(null=True, db_index=True)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "lane", "seq"], name="audit_chain_lane_seq_unique")
        ]
        indexes = [models.Index(fields=["organization_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.chain}/{self.lane}/{self.seq} {self.action} {self.category}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit rows cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit rows cannot be deleted")


class AuditLaneHead(models.Model):
    """The last sequence number and hash of one lane; locked by the transaction appending to the lane."""

    chain = models.BigIntegerField()
    lane = models.PositiveIntegerField()
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "lane"], name="audit_lane_unique")]

    def __str__(self) -> str:
        return f"chain {self.chain} lane {self.lane} at {self.seq}"
