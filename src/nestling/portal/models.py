"""The caregiver portal's own records: a caregiver's account link, the language each person reads
Nestling in, the organization's crisis contacts, and questionnaires a caregiver fills in at home."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.families.models import Caregiver, Family
from nestling.organizations.models import Organization
from nestling.records.models import ClinicalRecord
from nestling.screening.models import ScreeningResult


class PortalAccount(models.Model):
    """A caregiver's way in: a `User` with no staff role, linked to exactly one caregiver of one family.

    Access is in force while the account is not ended, the family's portal consent covers this caregiver
    and the family is not discharged (see `principal.py`); `ended_at` records an account a practitioner
    closed by hand."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="portal_account"
    )
    caregiver = models.OneToOneField(Caregiver, on_delete=models.PROTECT, related_name="portal_account")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="portal_accounts")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(_("invited at"))
    activated_at = models.DateTimeField(_("first signed in at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["family", "ended_at"])]

    def __str__(self) -> str:
        return str(self.caregiver)


class LanguagePreference(models.Model):
    """The language a person reads Nestling in, kept across sessions (staff and caregivers alike)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=10)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.language


class ScoreFeedback(models.TextChoices):
    THANKS = "thanks", _("Only a thank-you: the practitioner talks the result through")
    BAND = "band", _("A thank-you and the result in plain words")


class PortalSettings(models.Model):
    """What the organization tells caregivers: who to call in a crisis, and how much of a score they see."""

    organization = models.OneToOneField(Organization, on_delete=models.PROTECT, related_name="+")
    emergency_number = models.CharField(_("emergency number"), max_length=40, default="911")
    crisis_contacts = models.TextField(
        _("crisis contacts"),
        blank=True,
        help_text=_(
            "One per line: who, then a vertical bar, then how to reach them. For example: Crisis line | 988"
        ),
    )
    score_feedback = models.CharField(
        _("what a caregiver sees after a questionnaire"),
        max_length=10,
        choices=ScoreFeedback.choices,
        default=ScoreFeedback.THANKS,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.organization}"


class AssignmentStatus(models.TextChoices):
    OPEN = "open", _("To fill in")
    SUBMITTED = "submitted", _("Sent")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class QuestionnaireAssignment(ClinicalRecord):
    """A self-report questionnaire given to one caregiver to fill in from home. The answers are kept as a
    draft while they are given, then scored by the screening engine into a result marked self-reported."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    caregiver = models.ForeignKey(Caregiver, on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(_("questionnaire"), max_length=40)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("to fill in by"), null=True, blank=True)
    # {item id: option position} while the caregiver answers; kept after sending as what was sent.
    draft = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.OPEN)
    submitted_at = models.DateTimeField(null=True, blank=True)
    result = models.ForeignKey(
        ScreeningResult, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The pathway step that asked for it, when a pathway did (its "pathway@version:step" key).
    step_key = models.CharField(max_length=120, blank=True)

    class Meta(ClinicalRecord.Meta):
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["caregiver", "status"])]

    def __str__(self) -> str:
        return f"{self.instrument} for {self.caregiver}"
