"""Episodes of care: a family enrolled in a program, at a place on the service continuum, until discharge.

A discharge closes the episode with a reason and a closing summary, and keeps, as `DischargeItem`s, what
was decided for each of the family's open items that day (a task, a scheduled visit, a screen due): closed
with a reason, or kept."""

from __future__ import annotations

from collections.abc import Iterable

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
    GOALS_MET = "goals_met", _("Goals met")
    MOVED = "moved", _("Family moved")
    DECLINED = "declined", _("Family declined further services")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    TRANSFERRED = "transferred", _("Transferred to another service")
    AGED_OUT = "aged_out", _("Child aged out")
    OTHER = "other", _("Other")


DISCHARGE_SUMMARY_MAX = 4000


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
    discharge_note = models.TextField(_("closing summary"), max_length=DISCHARGE_SUMMARY_MAX, blank=True)
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


def is_discharged(episodes: Iterable[Enrollment]) -> bool:
    """A family is discharged when it was enrolled and no episode is open any more. A family never
    enrolled is in intake, not discharged; one open episode in any program keeps it in care."""
    seen = False
    for episode in episodes:
        if episode.is_open:
            return False
        seen = True
    return seen


class DischargeItem(models.Model):
    """One of the family's open items on the day of a discharge, and what was decided for it: closed with
    a reason, or kept. Written with the discharge, never changed. `label` says the item as it was that day
    (a task's text, a visit's date, a screen due); an item in a sensitive category is shown only to a
    reader granted it."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="discharge_items")
    kind = models.CharField(_("kind"), max_length=30)  # the contributor's: "tasks", "visits", "screening"
    key = models.CharField(max_length=120)
    label = models.CharField(_("item"), max_length=300)
    closed = models.BooleanField(_("closed"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    sensitive_category = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["enrollment", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "key"], name="discharge_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {'closed' if self.closed else 'kept'}"


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
