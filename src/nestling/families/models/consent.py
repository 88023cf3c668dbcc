"""Consent as records: what was agreed, by whom, when, until when, and whether it was revoked."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.audit.categories import SensitiveCategory
from nestling.families.models.household import Family
from nestling.families.models.people import Caregiver
from nestling.records.models import ClinicalRecord


class ConsentKind(models.TextChoices):
    SERVICES = "services", _("Consent to services")
    DATA_SHARING = "data_sharing", _("Sharing information with a named recipient")
    PORTAL = "portal", _("Caregiver portal access")
    RESEARCH = "research", _("Research")
    PART2 = "part2", _("Substance use information (42 CFR Part 2)")


# Consents that are sensitive themselves: a 42 CFR Part 2 consent says that someone is in substance use
# treatment, so it is shown only to a reader with a grant for substance use, like the information it covers.
CONSENT_CATEGORIES: Mapping[str, str] = MappingProxyType({ConsentKind.PART2: SensitiveCategory.SUBSTANCE_USE})


class Consent(ClinicalRecord):
    """One consent. Active from `given_on` until it expires or is revoked (see `selectors.consent_active`).

    A 42 CFR Part 2 consent must name the patient (the caregiver giving it), who may disclose, how much and
    what kind of information, the recipient, the purpose, an expiry (date or event), and record that the
    right to revoke was explained and the form signed (42 CFR § 2.31).
    """

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(_("kind"), max_length=20, choices=ConsentKind.choices)
    given_by = models.ForeignKey(
        Caregiver, on_delete=models.PROTECT, null=True, blank=True, related_name="consents"
    )
    given_by_other = models.CharField(
        _("given by (someone not recorded as a caregiver)"),
        max_length=200,
        blank=True,
        help_text=_("For example a child welfare caseworker for a child in foster care."),
    )
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    expiry_event = models.CharField(_("or expires on this event"), max_length=200, blank=True)
    recipient = models.CharField(_("recipient"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    # 42 CFR Part 2 elements
    discloser = models.CharField(_("who may disclose"), max_length=200, blank=True)
    information = models.CharField(_("how much and what kind of information"), max_length=300, blank=True)
    right_to_revoke_explained = models.BooleanField(_("the right to revoke was explained"), default=False)
    signed = models.BooleanField(_("signed by the person giving consent"), default=False)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_note = models.CharField(_("revocation note"), max_length=300, blank=True)

    class Meta(ClinicalRecord.Meta):
        ordering = ["-given_on", "-pk"]
        indexes = [models.Index(fields=["family", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.given_on})"

    @property
    def sensitive_category(self) -> str:
        """The category a consent of this kind is in ("" for most kinds): see CONSENT_CATEGORIES."""
        return str(CONSENT_CATEGORIES.get(self.kind, ""))

    @property
    def audit_category(self) -> str:
        """A sensitive consent is read and written under its category."""
        return self.sensitive_category
