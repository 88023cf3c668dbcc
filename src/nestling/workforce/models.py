"""The reflectively supervised workforce. Who supervises whom (`accounts.Supervision`) sits with users and
roles, below access; what the organization knows of a staff member's practice, their training, the
reflective supervision/consultation (RS/C) they give and receive, and the endorsement rules they are
measured against grow here."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.families.models import Family
from nestling.organizations.models import Organization


class Discipline(models.TextChoices):
    SOCIAL_WORK = "social_work", _("Social work")
    PSYCHOLOGY = "psychology", _("Psychology")
    COUNSELLING = "counselling", _("Counselling, marriage and family therapy")
    NURSING = "nursing", _("Nursing, midwifery")
    MEDICINE = "medicine", _("Medicine (paediatrics, psychiatry)")
    EARLY_CHILDHOOD = "early_childhood", _("Early childhood education")
    ALLIED_HEALTH = "allied_health", _("Occupational, speech or physical therapy")
    HOME_VISITING = "home_visiting", _("Home visiting, family support")
    OTHER = "other", _("Other")


class EducationLevel(models.TextChoices):
    CREDENTIAL = "credential", _("Child development credential (CDA) or equivalent")
    ASSOCIATE = "associate", _("Associate degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


class Credential(models.TextChoices):
    """The IMH-E® endorsement categories."""

    INFANT_FAMILY_ASSOCIATE = "ifa", _("Infant Family Associate")
    INFANT_FAMILY_SPECIALIST = "ifs", _("Infant Family Specialist")
    IMH_SPECIALIST = "imhs", _("Infant Mental Health Specialist")
    MENTOR_CLINICAL = "mentor_clinical", _("Infant Mental Health Mentor – Clinical")
    MENTOR_POLICY = "mentor_policy", _("Infant Mental Health Mentor – Policy")
    MENTOR_RESEARCH = "mentor_research", _("Infant Mental Health Mentor – Research/Faculty")


class CompetencyArea(models.TextChoices):
    """The competency areas of infant mental health principles a training can cover."""

    PREGNANCY = "pregnancy", _("Pregnancy and early parenthood")
    DEVELOPMENT = "development", _("Infant/young child development and behaviour")
    FAMILY_CENTRED = "family_centred", _("Infant/young child and family-centred practice")
    RELATIONSHIP_FOCUSED = "relationship_focused", _("Relationship-focused therapeutic practice")
    FAMILY_RELATIONSHIPS = "family_relationships", _("Family relationships and dynamics")
    ATTACHMENT = "attachment", _("Attachment, separation, trauma, grief and loss")
    DISORDERS = "disorders", _("Disorders of infancy and early childhood")
    CULTURE = "culture", _("Cultural competence")


class StaffProfile(models.Model):
    """What the organization knows of a staff member's practice, edited by version.

    The person keeps their discipline, licence, education and languages; a program manager keeps the
    endorsement, the caseload capacity and whether the discipline may diagnose.

    Qualification for relationship-based therapy is computed from the training and RS/C records
    (`workforce.qualification`). `relationship_therapy_qualified` is now a manager's override of that
    computation, in force until `qualified_until`, with its reason in `qualified_note`.
    """

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    discipline = models.CharField(_("discipline"), max_length=30, choices=Discipline.choices, blank=True)
    licence = models.CharField(_("licence"), max_length=120, blank=True)
    education_level = models.CharField(
        _("education"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    endorsement_category = models.CharField(
        _("endorsement"), max_length=20, choices=Credential.choices, blank=True
    )
    endorsement_number = models.CharField(_("endorsement number"), max_length=40, blank=True)
    endorsement_earned_on = models.DateField(_("endorsement earned on"), null=True, blank=True)
    endorsement_renews_on = models.DateField(_("endorsement renews on"), null=True, blank=True)
    caseload_capacity = models.PositiveSmallIntegerField(_("caseload capacity"), null=True, blank=True)
    relationship_therapy_qualified = models.BooleanField(
        _("qualified by a manager's decision"), default=False
    )
    qualified_until = models.DateField(_("decision in force until"), null=True, blank=True)
    qualified_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    qualified_set_at = models.DateTimeField(null=True, blank=True)
    qualified_note = models.CharField(_("reason"), max_length=300, blank=True)
    # Whether the practitioner's discipline may diagnose (a licensed clinician's): gates recording a
    # confirmed DC:0-5 diagnosis. Set by a program manager.
    may_diagnose = models.BooleanField(_("their discipline may diagnose"), default=False)
    may_diagnose_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    may_diagnose_set_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile of {self.user_id}"

    @property
    def uuid(self) -> uuid.UUID:
        """The profile is addressed, in its history, by its person's id."""
        return self.user.uuid


class WorkforcePolicy(models.Model):
    """The organization's settings for its reflective workforce (one row, made on first use)."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    # RS/C received at least this recently keeps relationship-based therapy open: 90 days, because RS/C
    # is ongoing when it is at least monthly, and a season without any is no longer ongoing.
    rsc_recent_days = models.PositiveSmallIntegerField(_("RS/C received within (days)"), default=90)
    supervisee_limit = models.PositiveSmallIntegerField(_("supervisees per supervisor, at most"), default=8)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"workforce settings of {self.organization_id}"


class TrainingRecord(models.Model):
    """One course a staff member took. The certificate, when there is one, is kept in private storage
    (never under MEDIA) and served only through a view that checks access and audits the read."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trainings")
    client_id = models.UUIDField(null=True, blank=True, editable=False)
    course = models.CharField(_("course"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200)
    started_on = models.DateField(_("started on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    competency_areas = models.JSONField(_("competency areas"), default=list)
    specialized_imh = models.BooleanField(_("specialized infant mental health training"), default=False)
    certificate_name = models.CharField(max_length=200, blank=True)  # as uploaded, shown to readers
    certificate_key = models.CharField(max_length=80, blank=True)  # its name in private storage
    certificate_type = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "course"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "client_id"], name="workforce_training_once")
        ]

    def __str__(self) -> str:
        return self.course


class RscKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")


class RscStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class RscSession(models.Model):
    """A reflective supervision/consultation session, scheduled, held or cancelled.

    Who led it, when, for how long and who was there is seen by the people in it, their supervisors and
    the program's managers; the reflection notes only by the people in the session.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    client_id = models.UUIDField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("individual or group"), max_length=12, choices=RscKind.choices)
    status = models.CharField(max_length=12, choices=RscStatus.choices, default=RscStatus.SCHEDULED)
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    families = models.ManyToManyField(Family, blank=True, related_name="+")
    notes = models.TextField(_("reflection notes"), blank=True)
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "client_id"], name="workforce_rsc_once")
        ]

    def __str__(self) -> str:
        return f"RS/C {self.held_on}"


class RscParticipant(models.Model):
    """A supervisee a session was for; `attended` once it was held (a supervisee absent missed it)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(RscSession, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="workforce_rsc_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.session_id}"


class RulePurpose(models.TextChoices):
    EARN = "earn", _("To earn")
    RENEW = "renew", _("To renew (each year)")


class EndorsementRule(models.Model):
    """What a credential asks, as data: a new version is a new row; versions are never changed.

    The field's defaults ship in code (`workforce.endorsement_defaults`); an organization's own rows, the
    newest version per credential and purpose, take their place.
    """

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    credential = models.CharField(max_length=20, choices=Credential.choices)
    purpose = models.CharField(max_length=8, choices=RulePurpose.choices)
    version = models.PositiveIntegerField()
    rsc_hours = models.DecimalField(_("RS/C hours received"), max_digits=5, decimal_places=1)
    rsc_window_months = models.PositiveSmallIntegerField(_("within (months)"))
    training_hours = models.DecimalField(_("training hours"), max_digits=5, decimal_places=1)
    # None: training of any date counts.
    training_window_months = models.PositiveSmallIntegerField(
        _("training within (months)"), null=True, blank=True
    )
    verified = models.BooleanField(_("checked against the endorsing body's current guidelines"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["credential", "purpose", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "credential", "purpose", "version"], name="workforce_rule_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.credential} {self.purpose} v{self.version}"
