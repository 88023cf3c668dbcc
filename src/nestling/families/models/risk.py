"""Risk and protective factors, in the field's four groups of risk.

Substance use, trauma history, child-protection involvement and intimate-partner violence are sensitive: a
factor marked with one of those categories is shown only to users with a grant for it
(`access.policy.can_see_category`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.audit.categories import SensitiveCategory
from nestling.families.models.household import Family
from nestling.families.models.people import Caregiver, Child
from nestling.records.models import ClinicalRecord


class FactorKind(models.TextChoices):
    RISK = "risk", _("Risk factor")
    PROTECTIVE = "protective", _("Protective factor")


class RiskGroup(models.TextChoices):
    BIOLOGICAL = "biological", _("Biological or developmental")
    RELATIONSHIPS = "relationships", _("Family relationships and quality of caregiving")
    CAREGIVER_MENTAL_HEALTH = "caregiver_mental_health", _("Caregiver mental health")
    STRESSFUL_CIRCUMSTANCES = "stressful_circumstances", _("Stressful circumstances")


class FactorStatus(models.TextChoices):
    SUSPECTED = "suspected", _("Suspected")
    PRESENT = "present", _("Present")
    RESOLVED = "resolved", _("Resolved")


class FactorSource(models.TextChoices):
    CAREGIVER = "caregiver", _("Caregiver report")
    OBSERVATION = "observation", _("Practitioner observation")
    SCREENING = "screening", _("Screening result")
    RECORDS = "records", _("Referral or records")
    OTHER = "other", _("Other")


class RiskFactor(ClinicalRecord):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="factors")
    kind = models.CharField(_("kind"), max_length=10, choices=FactorKind.choices, default=FactorKind.RISK)
    group = models.CharField(_("group"), max_length=30, choices=RiskGroup.choices)
    description = models.CharField(_("description"), max_length=300)
    caregiver = models.ForeignKey(
        Caregiver, on_delete=models.PROTECT, null=True, blank=True, related_name="factors"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="factors")
    sensitive_category = models.CharField(
        _("sensitive category"),
        max_length=30,
        choices=SensitiveCategory.choices,
        blank=True,
        help_text=_("Only people with a grant for this category will see this factor."),
    )
    status = models.CharField(_("status"), max_length=10, choices=FactorStatus.choices, default="present")
    noted_on = models.DateField(_("noted on"))
    source = models.CharField(_("source"), max_length=15, choices=FactorSource.choices)
    source_detail = models.CharField(_("source detail"), max_length=200, blank=True)

    class Meta(ClinicalRecord.Meta):
        ordering = ["kind", "group", "-noted_on", "pk"]
        indexes = [models.Index(fields=["family", "sensitive_category"])]

    def __str__(self) -> str:
        return self.description

    @property
    def audit_category(self) -> str:
        """A sensitive factor is read and written under its category, not as a plain factor."""
        return self.sensitive_category

    @property
    def about_name(self) -> str:
        """Whom the factor is about; empty for the household as a whole."""
        person = self.caregiver or self.child
        return person.full_name if person is not None else ""
