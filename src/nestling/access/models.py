"""Records that widen what a user may see beyond caseload and supervision: sensitive-category grants
and break-the-glass access. Both are time-limited and audited."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.audit.categories import SensitiveCategory
from nestling.families.models import Family
from nestling.organizations.models import Organization


class SensitiveGrant(models.Model):
    """Permission for one user to see one sensitive category, for all families they may see or for one."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sensitive_grants"
    )
    category = models.CharField(_("category"), max_length=30, choices=SensitiveCategory.choices)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "category"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_category_display()}"


class BreakGlassAccess(models.Model):
    """Emergency access to a family outside one's caseload: a typed reason, a short expiry and a review."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "family", "expires_at"])]
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.user} → {self.family} ({self.started_at:%Y-%m-%d %H:%M})"


class BreakGlassRefusal(models.Model):
    """A request for emergency access refused after its reference was looked up (no such family, say).

    Kept because such refusals count toward the hourly limit as grants do, so references cannot be tried
    one after another. Each is in the audit trail as well; this table only counts."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reference = models.CharField(max_length=64)
    why = models.CharField(max_length=30)

    class Meta:
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.user} ✗ {self.reference} ({self.at:%Y-%m-%d %H:%M})"
