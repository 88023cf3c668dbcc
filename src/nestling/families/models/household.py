"""The family (household), who lives in it over time, and who is assigned to work with it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.organizations.models import Organization, Program


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")
    VISIT = "visit", _("In person only")


class Family(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="families")
    name = models.CharField(_("household name"), max_length=200)
    reference = models.CharField(_("reference number"), max_length=40, blank=True)
    address_line = models.CharField(_("street address"), max_length=200, blank=True)
    address_locality = models.CharField(_("town or city"), max_length=100, blank=True)
    address_region = models.CharField(_("state or region"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    languages_at_home = models.CharField(
        _("languages spoken at home"),
        max_length=200,
        blank=True,
        help_text=_("For example: Spanish, English"),
    )
    preferred_language = models.CharField(_("preferred language"), max_length=60, blank=True)
    interpreter_needed = models.BooleanField(_("an interpreter is needed"), default=False)
    contact_method = models.CharField(
        _("preferred contact"), max_length=10, choices=ContactMethod.choices, blank=True
    )
    contact_notes = models.CharField(
        _("contact notes"),
        max_length=300,
        blank=True,
        help_text=_("Best times, whether messages may be left, anything to avoid."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: a save carries the version it started from.
    version = models.PositiveIntegerField(default=1)
    # The id of the intake form that created the family: a repeated submission makes no second family.
    client_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("families")
        indexes = [models.Index(fields=["organization", "name"])]
        constraints = [
            models.UniqueConstraint(fields=["organization", "client_id"], name="family_client_id_once")
        ]

    def __str__(self) -> str:
        return self.name


class AssignmentKind(models.TextChoices):
    PRIMARY = "primary", _("Primary")
    SECONDARY = "secondary", _("Secondary")


class CaseloadAssignment(models.Model):
    """A practitioner assigned to a family, which puts the family on their caseload while it is current."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="assignments")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="caseload_assignments"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=AssignmentKind.choices, default=AssignmentKind.PRIMARY
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["practitioner", "ends_on"]),
            models.Index(fields=["family", "ends_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.practitioner} – {self.family} ({self.kind})"


class HouseholdMembership(models.Model):
    """Who lives in the household, from when to when: a caregiver or a child, never both on one row."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="memberships")
    caregiver = models.ForeignKey(
        "families.Caregiver", on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    child = models.ForeignKey(
        "families.Child", on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    starts_on = models.DateField(_("lives here from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(caregiver__isnull=True, child__isnull=False)
                | models.Q(caregiver__isnull=False, child__isnull=True),
                name="membership_one_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_name} in {self.family} from {self.starts_on}"

    @property
    def person_name(self) -> str:
        person = self.caregiver or self.child
        return person.full_name if person is not None else ""
