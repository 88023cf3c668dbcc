"""Screening results and the safety alerts they raise (the follow-up a positive screen asks for is a task).

A result is never edited: it keeps the answers as option positions and the definition version they were
scored with, so it can be re-read against the very key that scored it. An alert is closed only by a
recorded response; the time from raising to responding is kept.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from nestling.access.models import BreakGlassAccess
from nestling.families.models import Family, Person, Subject
from nestling.organizations.models import Organization
from nestling.records.models import ClinicalRecord
from nestling.screening.sensitivity import instrument_category


class ResultSource(models.TextChoices):
    PRACTITIONER = "practitioner", _("Given by a practitioner")
    SELF_REPORT = "self_report", _("Self-reported from home")


class ScreeningResult(ClinicalRecord):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="screening_results")
    # One of the three patients of IMH work: a caregiver, a child or a relationship.
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="screening_results")
    instrument = models.CharField(_("instrument"), max_length=40)
    definition = models.CharField(_("definition version"), max_length=50)  # e.g. "phq-9@1"
    answers = models.JSONField(_("answers (option positions)"))
    context = models.JSONField(_("context"), default=dict, blank=True)
    total = models.IntegerField(_("total"), null=True, blank=True)
    band = models.CharField(_("band"), max_length=40, blank=True)
    positive = models.BooleanField(_("positive"), null=True, blank=True)
    flags = models.JSONField(_("safety flags"), default=list, blank=True)
    subscales = models.JSONField(_("subscales"), default=dict, blank=True)
    administered_on = models.DateField(_("administered on"))
    administered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    respondent = models.CharField(_("respondent"), max_length=20)
    # Who put the answers in: a practitioner with the family, or the caregiver from home (the portal).
    source = models.CharField(
        _("source"), max_length=12, choices=ResultSource.choices, default=ResultSource.PRACTITIONER
    )
    # A screen recorded by mistake (the wrong person, the wrong form) is marked, never deleted: it stays in
    # the history as entered in error, and stops counting anywhere else.
    entered_in_error_at = models.DateTimeField(_("marked entered in error at"), null=True, blank=True)
    entered_in_error_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_in_error_reason = models.TextField(_("why it was entered in error"), blank=True)
    # The tasks this result raised (a follow-up, a rescreen, a follow-on screen to give).
    tasks = GenericRelation(
        "tasks.Task",
        content_type_field="source_type",
        object_id_field="source_id",
        related_query_name="result",
    )

    class Meta(ClinicalRecord.Meta):
        ordering = ["-administered_on", "-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "family", "administered_on"])]
        constraints = [
            *ClinicalRecord.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(entered_in_error_at__isnull=True)
                | (models.Q(entered_in_error_by__isnull=False) & ~models.Q(entered_in_error_reason="")),
                name="screening_result_error_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition} {self.administered_on} total={self.total}"

    @property
    def person(self) -> Person:
        """The caregiver, child or relationship screened (read through the subject)."""
        return self.subject.person

    @property
    def is_complete(self) -> bool:
        """False for a screen stopped before the end: its answers are kept, but it has no total."""
        return self.total is not None

    @property
    def is_entered_in_error(self) -> bool:
        return self.entered_in_error_at is not None

    @property
    def counts(self) -> bool:
        """Whether the screen counts as given: finished, and not marked entered in error."""
        return self.is_complete and not self.is_entered_in_error

    @property
    def subject_kind(self) -> str:
        return self.subject.kind

    @property
    def sensitive_category(self) -> str:
        """The category the instrument's results are in ("" for most): see screening.sensitivity."""
        return instrument_category(self.instrument)

    @property
    def audit_category(self) -> str:
        """A sensitive result is read and written under its category."""
        return self.sensitive_category


class AlertKind(models.TextChoices):
    SELF_HARM = "self_harm", _("Thoughts of self-harm")


class ResponseKind(models.TextChoices):
    """The response as it was recorded before the risk and actions were (kept for those alerts)."""

    SAFETY_ASSESSMENT_DONE = "safety_assessment_done", _("Safety assessment done")
    CRISIS_REFERRAL_MADE = "crisis_referral_made", _("Crisis referral made")
    OTHER = "other", _("Other (say what was done)")


class RiskLevel(models.TextChoices):
    """The risk the responding clinician assessed, in the words of a safety assessment."""

    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")
    IMMINENT = "imminent", _("Imminent")


class SafetyAction(models.TextChoices):
    """What was done in response; a response names as many as were done."""

    SAFETY_PLAN = "safety_plan", _("Safety plan made with the person")
    CRISIS_LINE = "crisis_line", _("Crisis line number given")
    EMERGENCY_SERVICES = "emergency_services", _("Emergency services called")
    SAME_DAY_APPOINTMENT = "same_day_appointment", _("Same-day appointment arranged")
    SUPERVISOR_CONSULTED = "supervisor_consulted", _("Supervisor consulted")


class SafetyAlertQuerySet(models.QuerySet["SafetyAlert"]):
    def open(self) -> SafetyAlertQuerySet:
        return self.filter(responded_at__isnull=True)


class SafetyAlert(ClinicalRecord):
    """An urgent alert raised by a safety item; open until someone records what was done."""

    result = models.ForeignKey(ScreeningResult, on_delete=models.PROTECT, related_name="alerts")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="safety_alerts")
    kind = models.CharField(_("kind"), max_length=30, choices=AlertKind.choices)
    raised_at = models.DateTimeField(_("raised at"))
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Alerts answered before risk and actions were recorded keep their response kind; new ones leave it
    # blank and say the risk assessed and what was done.
    response = models.CharField(_("response"), max_length=30, choices=ResponseKind.choices, blank=True)
    risk = models.CharField(_("risk assessed"), max_length=20, choices=RiskLevel.choices, blank=True)
    actions = models.JSONField(_("actions taken"), default=list, blank=True)  # SafetyAction values
    response_note = models.TextField(_("what was done"), blank=True)
    # The emergency access a covering clinician answered under (none when the family is theirs to carry).
    responded_under = models.ForeignKey(
        BreakGlassAccess, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SafetyAlertQuerySet.as_manager()

    class Meta(ClinicalRecord.Meta):
        ordering = ["raised_at", "pk"]
        indexes = [
            models.Index(fields=["practitioner", "responded_at"]),
            models.Index(fields=["supervisor", "responded_at"]),
        ]
        constraints = [
            *ClinicalRecord.Meta.constraints,
            # Closed only with a recorded response (a risk assessed, or an earlier response kind), and
            # "other" only with a note.
            models.CheckConstraint(
                condition=models.Q(responded_at__isnull=True)
                | (models.Q(responded_by__isnull=False) & (~models.Q(response="") | ~models.Q(risk=""))),
                name="safety_alert_closed_with_response",
            ),
            models.CheckConstraint(
                condition=~models.Q(response="other") | ~models.Q(response_note=""),
                name="safety_alert_other_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} alert {self.raised_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.responded_at is None

    @property
    def time_to_response(self) -> timedelta | None:
        """How long the alert waited for its response (a timedelta), or None while open."""
        return None if self.responded_at is None else self.responded_at - self.raised_at

    @property
    def action_labels(self) -> list[str]:
        """The actions taken, in words, in the order they are offered."""
        labels = dict(SafetyAction.choices)
        return [str(labels[value]) for value in SafetyAction.values if value in self.actions]


class NoticeKind(models.TextChoices):
    URGENT = "urgent", _("Urgent alert")
    ESCALATION = "escalation", _("Still unanswered")


class AlertNotice(models.Model):
    """One email sent about one safety alert to one person: to the practitioner and supervisor when it is
    raised, to the program's managers when it is still unanswered after the delay. Kept so that whoever
    reads the alert sees who was told and when, and so that a notice is never sent twice."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    alert = models.ForeignKey(SafetyAlert, on_delete=models.PROTECT, related_name="notices")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("notice"), max_length=20, choices=NoticeKind.choices)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "recipient", "kind"], name="alert_notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} notice of alert {self.alert_id} to {self.recipient_id}"


class ProgramSchedule(models.Model):
    """A program's own screening schedule: rows of plain values (see ``program.ROW_FIELDS``), checked by
    ``program.schedule_errors`` before they are saved. A program without one uses Nestling's default."""

    program = models.OneToOneField(
        "organizations.Program", on_delete=models.PROTECT, related_name="screening_schedule"
    )
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    rows = models.JSONField(default=list)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"schedule of {self.program_id} v{self.version}"


class InstrumentWording(models.Model):
    """An organization's licensed wording of one instrument version in one language.

    Only instruments whose licence keeps the wording out of the repository have one. The program imports
    it from its own licensed copy (`nestling instruments import-wording`); a re-import replaces the texts
    in place and counts up `version`, and every import and removal is in the audit trail.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    definition = models.CharField(_("definition version"), max_length=50)  # e.g. "epds@1"
    language = models.CharField(_("language"), max_length=20)
    preamble = models.TextField(_("preamble or instructions"), blank=True)
    item_texts = models.JSONField(_("item texts"))  # {item id: text}
    option_labels = models.JSONField(_("option labels"))  # {item id: [label, ...] in printed order}
    licence_reference = models.CharField(_("licence reference"), max_length=300)
    file_sha256 = models.CharField(_("SHA-256 of the imported file"), max_length=64)
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Who ran the import as they were known then: a staff email, or the shell account of a command.
    imported_by_label = models.CharField(_("imported by"), max_length=254)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["definition", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "definition", "language"], name="instrument_wording_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.definition} ({self.language})"

    @property
    def language_name(self) -> str:
        """The copy's language by name ("Spanish"), or its code when Django does not know the language."""
        try:
            return str(get_language_info(self.language)["name_translated"])
        except KeyError:
            return self.language
