"""Referrals that close the loop: the organization's directory of local services, a referral of one of the
three patients to one of them, and every status it passed through (who set it, and when).

A referral's current status is kept on it for lists and queries; the status table is its history, and
nothing in it is ever changed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.families.models import Consent, Family, Subject
from nestling.formulation.models import AxisFourStressor, AxisOneDiagnosis
from nestling.records.models import ClinicalRecord
from nestling.screening.models import SafetyAlert, ScreeningResult


class ServiceKind(models.TextChoices):
    ADULT_MENTAL_HEALTH = "adult_mental_health", _("Adult mental health")
    EARLY_INTERVENTION = "early_intervention", _("Early intervention")
    SUBSTANCE_USE = "substance_use", _("Substance-use treatment")
    PAEDIATRIC = "paediatric", _("Paediatric care")
    HOUSING = "housing", _("Housing")
    FOOD = "food", _("Food")
    IPV = "ipv", _("Intimate-partner violence services")
    CHILD_CARE = "child_care", _("Child care")
    LEGAL_AID = "legal_aid", _("Legal aid")
    OTHER = "other", _("Other")


class LocalService(ClinicalRecord):
    """A service in the organization's directory. Not a family's record: the organization keeps it, a
    program manager or an organization admin edits it, and it is retired (inactive), never deleted."""

    kind = models.CharField(_("kind of service"), max_length=30, choices=ServiceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    web = models.URLField(_("web address"), blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    eligibility = models.TextField(_("who it serves (eligibility)"), max_length=2000, blank=True)
    active = models.BooleanField(_("referrals are made to it"), default=True)

    class Meta(ClinicalRecord.Meta):
        ordering = ["kind", "name", "pk"]
        indexes = [models.Index(fields=["organization", "kind", "active"])]

    def __str__(self) -> str:
        return self.name


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    SOON = "soon", _("Soon")
    URGENT = "urgent", _("Urgent")


class Domain(models.TextChoices):
    """What need a referral answers: program measures count completed referrals by it (caregiver
    depression, child development)."""

    DEPRESSION = "depression", _("Caregiver depression")
    ANXIETY = "anxiety", _("Caregiver anxiety or other mental health")
    DEVELOPMENT = "development", _("Child development")
    SOCIAL_EMOTIONAL = "social_emotional", _("Child social-emotional health")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    IPV = "ipv", _("Intimate-partner violence")
    BASIC_NEEDS = "basic_needs", _("Housing, food or other basic needs")
    HEALTH = "health", _("Physical health")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received by the service")
    APPOINTMENT_SET = "appointment_set", _("Appointment set")
    COMPLETED = "completed", _("First service contact made")
    DECLINED_BY_SERVICE = "declined_by_service", _("Declined by the service")
    COULD_NOT_REACH = "could_not_reach", _("Could not reach the service or the family")
    FAMILY_DECLINED = "family_declined", _("The family declined")


class Shared(models.TextChoices):
    """What a referral letter may carry, each only when a consent in force allows it."""

    CONTACT = "contact", _("Name, date of birth and contact details")
    REASON = "reason", _("The reason for the referral")
    SCREENING = "screening", _("The screen that prompted it: instrument, date and result")
    FORMULATION = "formulation", _("The formulation finding that prompted it")
    SUBSTANCE_USE = "substance_use", _("Substance use information (42 CFR Part 2)")


class Referral(ClinicalRecord):
    """A referral of one of the three patients (its subject) to a service."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="referrals")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="referrals")
    # From the directory, or named here for a service that is not in it.
    service = models.ForeignKey(
        LocalService, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    service_name = models.CharField(_("service not in the directory"), max_length=200, blank=True)
    service_kind = models.CharField(_("kind of service"), max_length=30, choices=ServiceKind.choices)
    reason = models.TextField(_("reason for the referral"), max_length=4000)
    domain = models.CharField(_("what need it answers"), max_length=20, choices=Domain.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    referred_on = models.DateField(_("referred on"))
    expected_by = models.DateField(_("first contact expected by"))
    # What prompted it, if anything: a screen, a safety alert, or a finding of the child's formulation.
    from_result = models.ForeignKey(
        ScreeningResult, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    from_alert = models.ForeignKey(
        SafetyAlert, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    from_diagnosis = models.ForeignKey(
        AxisOneDiagnosis, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    from_stressor = models.ForeignKey(
        AxisFourStressor, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    # The positive screen's follow-up task this referral answered ("referral made").
    follow_up_task = models.ForeignKey(
        "tasks.Task", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals_made"
    )
    shared = models.JSONField(_("what is shared"), default=list, blank=True)  # Shared values
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    part2_consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="part2_referrals"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_on = models.DateField(_("status since"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.CharField(_("how it ended"), max_length=1000, blank=True)
    # The sensitive category of what the referral tells ("" for most): set by the service from the
    # service's kind, what is shared and what prompted it.
    sensitive_category = models.CharField(max_length=40, blank=True, editable=False)
    tasks = GenericRelation(
        "tasks.Task",
        content_type_field="source_type",
        object_id_field="source_id",
        related_query_name="referral",
    )

    class Meta(ClinicalRecord.Meta):
        ordering = ["-referred_on", "-pk"]
        indexes = [models.Index(fields=["organization", "family", "status"])]
        constraints = [
            *ClinicalRecord.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(service__isnull=False) | ~models.Q(service_name=""),
                name="referral_names_a_service",
            ),
        ]

    def __str__(self) -> str:
        return f"referral {self.uuid} ({self.status})"

    @property
    def service_label(self) -> str:
        return self.service.name if self.service is not None else self.service_name

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def shared_labels(self) -> list[str]:
        labels = dict(Shared.choices)
        return [str(labels.get(code, code)) for code in self.shared]

    @property
    def audit_category(self) -> str:
        return self.sensitive_category


class ReferralStatus(models.Model):
    """One status a referral passed through: what, on which day, set by whom and when. Never changed."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="statuses")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    on = models.DateField(_("on"))
    note = models.CharField(_("note"), max_length=1000, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["on", "set_at", "pk"]

    def __str__(self) -> str:
        return f"{self.status} on {self.on}"
