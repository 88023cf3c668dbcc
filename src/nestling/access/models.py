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
    """Permission for one user to see one sensitive category, for all families they may see or for one.

    Given by a privacy officer with a reason and an end; withdrawn early with a reason. Either way it stops
    counting at once: the policy reads grants on every request."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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
    reason = models.TextField(_("reason"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.TextField(_("why it was withdrawn"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "category"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_category_display()}"


class ReviewOutcome(models.TextChoices):
    APPROPRIATE = "appropriate", _("Appropriate")
    NOT_APPROPRIATE = "not_appropriate", _("Not appropriate")
    NEEDS_FOLLOW_UP = "needs_follow_up", _("Needs follow-up")
    # Reviews recorded before an outcome was asked for (migration 0004); never offered for a new review.
    NOT_RECORDED = "not_recorded", _("Reviewed before outcomes were recorded")


# What a privacy officer chooses from; all but "appropriate" need a note saying why.
REVIEW_OUTCOMES = (ReviewOutcome.APPROPRIATE, ReviewOutcome.NOT_APPROPRIATE, ReviewOutcome.NEEDS_FOLLOW_UP)
REVIEW_OUTCOMES_WITH_NOTE = (ReviewOutcome.NOT_APPROPRIATE, ReviewOutcome.NEEDS_FOLLOW_UP)


class BreakGlassAccess(models.Model):
    """Emergency access to a family outside one's caseload: a typed reason, a short expiry and a review,
    which closes once (through `records.writes.record_close_once`)."""

    audit_category = "break_glass"

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
    review_outcome = models.CharField(
        _("review outcome"), max_length=20, choices=ReviewOutcome.choices, blank=True
    )
    review_note = models.TextField(_("review note"), blank=True)
    # The write path's close bumps it; nobody edits an access.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        indexes = [models.Index(fields=["user", "family", "expires_at"])]
        ordering = ["-started_at"]
        constraints = [
            # Reviewed only with who reviewed it and an outcome; an outcome only with a review.
            models.CheckConstraint(
                condition=models.Q(reviewed_at__isnull=True, review_outcome="")
                | models.Q(
                    reviewed_at__isnull=False,
                    reviewed_by__isnull=False,
                    review_outcome__in=[*REVIEW_OUTCOMES, ReviewOutcome.NOT_RECORDED],
                ),
                name="break_glass_reviewed_with_outcome",
            ),
            models.CheckConstraint(
                condition=~models.Q(review_outcome__in=REVIEW_OUTCOMES_WITH_NOTE) | ~models.Q(review_note=""),
                name="break_glass_review_note_unless_appropriate",
            ),
        ]

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
