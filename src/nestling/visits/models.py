"""Visits (encounters) in every setting, their notes, and group sessions.

A visit is scheduled, then completed, missed or cancelled; a rescheduled visit is cancelled and points at
the visit that replaces it, so the chain is kept. A completed visit records who was there, the services
delivered (each for one of the three patients), the goals worked on, the screens and measurements done
during it, and a structured note: drafted (saved as it is typed), then signed; a signed note changes only by
an addendum, which keeps the original.

A group session (a parents' or parent–baby group) is one row with its attendance per family; a family's
record shows its own attendance and note, never the other families'.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.families.models import Enrollment, Family, Subject
from nestling.growth.models import Measurement
from nestling.organizations.models import Organization, Program
from nestling.plans.models import Goal, ServiceType
from nestling.records.models import ClinicalRecord
from nestling.screening.models import ScreeningResult


class VisitSetting(models.TextChoices):
    HOME = "home", _("Home")
    CLINIC = "clinic", _("Clinic or office")
    VIDEO = "video", _("Telehealth by video")
    PHONE = "phone", _("Telehealth by phone")
    COMMUNITY = "community", _("Community setting")
    CHILD_CARE = "child_care", _("Child care or early education")
    OTHER = "other", _("Other")


class VisitStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    COMPLETED = "completed", _("Completed")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


class MissedReason(models.TextChoices):
    NO_SHOW = "no_show", _("The family did not come")
    NOT_HOME = "not_home", _("The family was not at home")


class CancelledBy(models.TextChoices):
    FAMILY = "family", _("Cancelled by the family")
    STAFF = "staff", _("Cancelled by staff")


class Visit(ClinicalRecord):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="visits")
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    co_practitioners = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    visit_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("start"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"))
    setting = models.CharField(_("setting"), max_length=12, choices=VisitSetting.choices)
    # Where it happens, in words for the calendar (a family's address is not copied here).
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.SCHEDULED
    )
    missed_reason = models.CharField(
        _("why it was missed"), max_length=10, choices=MissedReason.choices, blank=True
    )
    cancelled_by = models.CharField(_("cancelled by"), max_length=10, choices=CancelledBy.choices, blank=True)
    status_note = models.CharField(_("reason"), max_length=500, blank=True)
    # A rescheduled visit is cancelled and names the visit that replaces it.
    rescheduled_to = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="rescheduled_from"
    )
    # Who was there: caregivers and children (their subjects), and others by role.
    present = models.ManyToManyField(Subject, blank=True, related_name="visits_present")
    others_present = models.CharField(_("others present (by role)"), max_length=300, blank=True)
    interpreter_language = models.CharField(
        _("interpreter's language (empty: no interpreter)"), max_length=60, blank=True
    )
    goals = models.ManyToManyField(Goal, blank=True, related_name="visits")
    # When what happened was last recorded (who was there, services, goals), and by whom: every recording
    # is a change of the row, so a second one made from a stale page is refused like any stale edit.
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    screenings = models.ManyToManyField(ScreeningResult, blank=True, related_name="visits")
    measurements = models.ManyToManyField(Measurement, blank=True, related_name="visits")

    class Meta(ClinicalRecord.Meta):
        ordering = ["visit_on", "starts_at", "pk"]
        indexes = [
            models.Index(fields=["practitioner", "visit_on"]),
            models.Index(fields=["family", "visit_on"]),
        ]
        constraints = [
            *ClinicalRecord.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="visit_duration_bounds",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="missed") | ~models.Q(missed_reason=""),
                name="visit_missed_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(cancelled_by=""),
                name="visit_cancelled_says_by_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"visit to {self.family} on {self.visit_on}"

    @property
    def ends_at(self) -> time:
        """When the visit ends (on the next day for one running past midnight)."""
        return (
            datetime.combine(self.visit_on, self.starts_at) + timedelta(minutes=self.duration_minutes)
        ).time()


class VisitService(models.Model):
    """A service delivered during a visit, for one of the three patients."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="services")
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="services_received")
    delivered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["visit", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "service_type", "subject"], name="visit_service_once_per_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} in visit {self.visit_id}"


class NoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


NOTE_MAX = 10_000


class VisitNote(ClinicalRecord):
    """The structured note of a visit. Saved as a draft while typed; once signed, it changes only by
    addenda."""

    visit = models.OneToOneField(Visit, on_delete=models.PROTECT, related_name="note")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="visit_notes")
    observed = models.TextField(_("what was observed of the relationship"), max_length=NOTE_MAX, blank=True)
    offered = models.TextField(_("what was offered"), max_length=NOTE_MAX, blank=True)
    caregiver_view = models.TextField(_("the caregiver's view"), max_length=NOTE_MAX, blank=True)
    reflection = models.TextField(_("the practitioner's reflection"), max_length=NOTE_MAX, blank=True)
    next_steps = models.TextField(_("next steps"), max_length=NOTE_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(ClinicalRecord.Meta):
        constraints = [
            *ClinicalRecord.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(status="draft", signed_at__isnull=True)
                | models.Q(status="signed", signed_at__isnull=False, signed_by__isnull=False),
                name="visit_note_signed_with_signer",
            ),
        ]

    def __str__(self) -> str:
        return f"note of visit {self.visit_id}"


class NoteAddendum(ClinicalRecord):
    """Added to a signed note; the note itself is never changed again."""

    note = models.ForeignKey(VisitNote, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField(_("addendum"), max_length=NOTE_MAX)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(ClinicalRecord.Meta):
        ordering = ["note", "created_at", "pk"]

    def __str__(self) -> str:
        return f"addendum to note {self.note_id}"


class GroupKind(models.TextChoices):
    PARENTS = "parents", _("Parents' group")
    PARENT_BABY = "parent_baby", _("Parent–baby group")


class GroupSession(ClinicalRecord):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="group_sessions")
    kind = models.CharField(_("kind of group"), max_length=12, choices=GroupKind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("start"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"))
    place = models.CharField(_("place"), max_length=200)
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")

    class Meta(ClinicalRecord.Meta):
        ordering = ["-held_on", "-starts_at", "pk"]
        constraints = [
            *ClinicalRecord.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="group_session_duration_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} on {self.held_on}"


class GroupAttendance(ClinicalRecord):
    """One family at one session: who of them came, and the practitioner's note about that family."""

    session = models.ForeignKey(GroupSession, on_delete=models.PROTECT, related_name="attendance")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="group_attendance")
    present = models.ManyToManyField(Subject, blank=True, related_name="groups_attended")
    note = models.TextField(_("note about this family"), max_length=NOTE_MAX, blank=True)
    # Changes with every recording (who came included), so a stale edit of the attendance is refused.
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta(ClinicalRecord.Meta):
        ordering = ["session", "pk"]
        constraints = [
            *ClinicalRecord.Meta.constraints,
            models.UniqueConstraint(fields=["session", "family"], name="group_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.family} at {self.session}"


class CalendarFeed(models.Model):
    """A secret address at which one person's own visits are published as iCalendar. Only a digest of
    the token is kept; making a new one revokes the old."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="calendar_feed_one_live"
            ),
        ]

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"
