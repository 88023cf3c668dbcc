"""Episodes of care: a family enrolled in a program, at a place on the service continuum, until discharge."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.families.models.household import Family
from nestling.organizations.models import Program
from nestling.records.models import ClinicalRecord


class ServiceLevel(models.TextChoices):
    PROMOTION = "promotion", _("Promotion")
    PREVENTION = "prevention", _("Prevention")
    INTERVENTION = "intervention", _("Intervention")


class ReferralSource(models.TextChoices):
    SELF = "self", _("Self or family")
    PEDIATRIC = "pediatric", _("Pediatric or primary care")
    PRENATAL = "prenatal", _("Prenatal care or hospital")
    CHILD_WELFARE = "child_welfare", _("Child welfare")
    EARLY_INTERVENTION = "early_intervention", _("Early intervention")
    EARLY_CARE = "early_care", _("Child care or early education")
    COMMUNITY = "community", _("Community organization")
    MENTAL_HEALTH = "mental_health", _("Mental health provider")
    OTHER = "other", _("Other")


class DischargeReason(models.TextChoices):
    COMPLETED = "completed", _("Goals met or program completed")
    AGED_OUT = "aged_out", _("Child aged out")
    MOVED = "moved", _("Family moved away")
    DECLINED = "declined", _("Family declined further services")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    TRANSFERRED = "transferred", _("Transferred to another service")
    OTHER = "other", _("Other")


class Enrollment(ClinicalRecord):
    """One episode of care. A re-enrollment is a new episode that points at the one before."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="enrollments")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="enrollments")
    # May be before any child is born: prenatal enrollment is the norm in home visiting.
    enrolled_on = models.DateField(_("enrolled on"))
    referral_source = models.CharField(_("referral source"), max_length=20, choices=ReferralSource.choices)
    referral_detail = models.CharField(_("referred by (name or detail)"), max_length=200, blank=True)
    service_level = models.CharField(_("service level"), max_length=15, choices=ServiceLevel.choices)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    discharge_reason = models.CharField(
        _("discharge reason"), max_length=20, choices=DischargeReason.choices, blank=True
    )
    discharge_note = models.TextField(_("discharge note"), blank=True)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta(ClinicalRecord.Meta):
        ordering = ["-enrolled_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.family} in {self.program} from {self.enrolled_on}"

    @property
    def is_open(self) -> bool:
        return self.discharged_on is None


class ServiceLevelChange(models.Model):
    """The history of an enrollment's place on the continuum (the first row is the level at enrollment)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="level_changes")
    level = models.CharField(_("service level"), max_length=15, choices=ServiceLevel.choices)
    changed_on = models.DateField(_("from"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.level} from {self.changed_on}"
