"""A child's DC:0-5 formulation on its five axes, kept as versions: each revision is a new row of the whole
formulation, and earlier versions are never changed.

Only facts are stored — the names of the axes, diagnoses, groups and rating labels, and ICD-10 codes. The
manual's criteria, algorithms and checklists are not part of the record: clinicians consult the manual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.audit.categories import SensitiveCategory
from nestling.families.models import Child, Family, Relationship, RiskFactor, Subject
from nestling.organizations.models import Organization
from nestling.records.models import ClinicalRecord

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class DiagnosisGroup(models.TextChoices):
    """DC:0-5's eight groups of Axis I clinical disorders."""

    NEURODEVELOPMENTAL = "neurodevelopmental", _("Neurodevelopmental disorders")
    SENSORY_PROCESSING = "sensory_processing", _("Sensory processing disorders")
    ANXIETY = "anxiety", _("Anxiety disorders")
    MOOD = "mood", _("Mood disorders")
    OBSESSIVE_COMPULSIVE = "obsessive_compulsive", _("Obsessive compulsive and related disorders")
    SLEEP_EATING_CRYING = "sleep_eating_crying", _("Sleep, eating, and crying disorders")
    TRAUMA_STRESS_DEPRIVATION = "trauma_stress_deprivation", _("Trauma, stress, and deprivation disorders")
    RELATIONSHIP = "relationship", _("Relationship disorders")


class Diagnosis(models.Model):
    """One row of the Axis I list with its ICD-10 code.

    Shipped rows have no organization and are every organization's default. An organization's row with a
    shipped row's `key` replaces it for that organization (its own code, say); one with a key of its own
    adds a diagnosis. `verified` is false where the shipped name or code has not been checked against the
    published crosswalk."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    key = models.SlugField(max_length=60)
    group = models.CharField(_("group"), max_length=30, choices=DiagnosisGroup.choices)
    name = models.CharField(_("diagnosis"), max_length=200)
    icd10 = models.CharField(_("ICD-10 code"), max_length=10, blank=True)
    verified = models.BooleanField(_("checked against the published crosswalk"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    active = models.BooleanField(_("offered"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="formulation_diagnosis_key_once"),
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(organization__isnull=True),
                name="formulation_shipped_key_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.icd10})" if self.icd10 else self.name


class Occasion(models.TextChoices):
    INTAKE = "intake", _("Intake")
    REVIEW = "review", _("Review")
    CLOSING = "closing", _("Closing")


class Formulation(ClinicalRecord):
    """A child's formulation over time: its versions are `FormulationVersion` rows, numbered from 1.

    Revising bumps `latest_number` through the versioned write path, so two people revising from the same
    version cannot both win."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    child = models.OneToOneField(Child, on_delete=models.PROTECT, related_name="formulation")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    latest_number = models.PositiveIntegerField(_("latest version"), default=1)
    latest_on = models.DateField(_("last formulated on"))

    def __str__(self) -> str:
        return f"formulation of {self.child_id}"


class Rating(models.TextChoices):
    """How an Axis II item is rated."""

    STRENGTH = "strength", _("Strength")
    NOT_A_CONCERN = "not_a_concern", _("Not a concern")
    CONCERN = "concern", _("Concern")


class AdaptiveLevel(models.IntegerChoices):
    """Axis II levels of adaptive functioning (ordinal, not equidistant). The labels are not yet checked
    against the manual (see `UNVERIFIED`)."""

    WELL_ADAPTED = 1, _("1 · Well-adapted to good-enough")
    STRAINED = 2, _("2 · Strained to concerning")
    COMPROMISED = 3, _("3 · Compromised to disturbed")
    DISORDERED = 4, _("4 · Disordered to dangerous")


class Competence(models.TextChoices):
    """Axis V's four-point rating of a competency domain."""

    EXCEEDS = "exceeds", _("Exceeds developmental expectations")
    AGE_APPROPRIATE = "age_appropriate", _("Functions at age-appropriate level")
    EMERGING = "emerging", _("Competencies are inconsistently present or emerging")
    NOT_MEETING = "not_meeting", _("Not meeting developmental expectations (delay or deviance)")


COMPETENCY_DOMAINS: tuple[tuple[str, StrOrPromise], ...] = (
    ("emotional", _("Emotional")),
    ("social_relational", _("Social-relational")),
    ("language", _("Language-social communication")),
    ("cognitive", _("Cognitive")),
    ("movement", _("Movement and physical")),
)


class StressorGroup(models.TextChoices):
    """Axis IV's groups of psychosocial and environmental stressors (all but the first unverified)."""

    FAMILY = "family", _("Challenges within the child's family or primary support group")
    SOCIAL = "social", _("Social environment")
    CHILD_CARE = "child_care", _("Educational or child care")
    HOUSING = "housing", _("Housing")
    ECONOMIC = "economic", _("Economic and employment")
    HEALTH = "health", _("Child's health")
    LEGAL = "legal", _("Legal or criminal justice")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    MILD = "mild", _("Mild")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")


# Labels the reference has not checked against the manual (the level labels, and the stressor groups after
# the first); the formulation form says so where they are chosen. Severity's three labels are Nestling's own.
UNVERIFIED = frozenset(
    {"adaptive_levels", *(g.value for g in StressorGroup if g is not StressorGroup.FAMILY)}
)


class FormulationVersion(ClinicalRecord):
    """One version of the whole formulation, as it was made on a day; never changed once written."""

    formulation = models.ForeignKey(Formulation, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    formulated_on = models.DateField(_("formulated on"))
    occasion = models.CharField(_("occasion"), max_length=10, choices=Occasion.choices)
    narrative = models.TextField(_("formulation narrative"), max_length=8000, blank=True)
    # Axis II, part B: the wider caregiving environment.
    environment_level = models.PositiveSmallIntegerField(
        _("caregiving environment: level of adaptive functioning"),
        choices=AdaptiveLevel.choices,
        null=True,
        blank=True,
    )
    coparenting = models.CharField(_("co-parenting"), max_length=15, choices=Rating.choices, blank=True)
    siblings = models.CharField(_("siblings"), max_length=15, choices=Rating.choices, blank=True)
    family_network = models.CharField(_("family network"), max_length=15, choices=Rating.choices, blank=True)
    # Axis V: developmental competence per domain, and the overall impression.
    emotional = models.CharField(_("emotional"), max_length=20, choices=Competence.choices, blank=True)
    social_relational = models.CharField(
        _("social-relational"), max_length=20, choices=Competence.choices, blank=True
    )
    language = models.CharField(
        _("language-social communication"), max_length=20, choices=Competence.choices, blank=True
    )
    cognitive = models.CharField(_("cognitive"), max_length=20, choices=Competence.choices, blank=True)
    movement = models.CharField(
        _("movement and physical"), max_length=20, choices=Competence.choices, blank=True
    )
    overall_impression = models.TextField(_("overall impression"), max_length=2000, blank=True)

    class Meta(ClinicalRecord.Meta):
        ordering = ["formulation", "number"]
        constraints = [
            *ClinicalRecord.Meta.constraints,
            models.UniqueConstraint(fields=["formulation", "number"], name="formulation_version_once"),
        ]

    def __str__(self) -> str:
        return f"version {self.number} of {self.formulation_id}"


class Certainty(models.TextChoices):
    PROVISIONAL = "provisional", _("Provisional")
    CONFIRMED = "confirmed", _("Confirmed")


class AxisOneDiagnosis(models.Model):
    """An Axis I diagnosis in one version, its name and code as they were chosen from the list."""

    version = models.ForeignKey(FormulationVersion, on_delete=models.PROTECT, related_name="diagnoses")
    # The version's organization, kept on the row itself: every clinical table can be read (and, one day,
    # sharded) by organization without a join (docs/scaling.md).
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    key = models.SlugField(max_length=60)
    group = models.CharField(_("group"), max_length=30, choices=DiagnosisGroup.choices)
    name = models.CharField(_("diagnosis"), max_length=200)
    icd10 = models.CharField(_("ICD-10 code"), max_length=10, blank=True)
    certainty = models.CharField(_("provisional or confirmed"), max_length=12, choices=Certainty.choices)
    made_on = models.DateField(_("made on"))
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["version", "pk"]

    def __str__(self) -> str:
        return self.name


class AxisTwoRelationship(models.Model):
    """Axis II, part A, for one caregiver–child relationship in one version."""

    version = models.ForeignKey(FormulationVersion, on_delete=models.PROTECT, related_name="relationships")
    # The version's organization, kept on the row itself: every clinical table can be read (and, one day,
    # sharded) by organization without a join (docs/scaling.md).
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    relationship = models.ForeignKey(Relationship, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("level of adaptive functioning"), choices=AdaptiveLevel.choices
    )
    caregiving = models.CharField(_("caregiving dimensions"), max_length=15, choices=Rating.choices)
    child_contributions = models.CharField(
        _("the child's contributions"), max_length=15, choices=Rating.choices
    )
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        ordering = ["version", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "relationship"], name="formulation_axis2_once")
        ]

    def __str__(self) -> str:
        return f"level {self.level} for {self.relationship_id}"


class AxisThreeCondition(models.Model):
    """Axis III: a physical health condition or consideration."""

    version = models.ForeignKey(FormulationVersion, on_delete=models.PROTECT, related_name="conditions")
    # The version's organization, kept on the row itself: every clinical table can be read (and, one day,
    # sharded) by organization without a join (docs/scaling.md).
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("condition"), max_length=300)
    icd10 = models.CharField(_("ICD-10 code"), max_length=10, blank=True)

    class Meta:
        ordering = ["version", "pk"]

    def __str__(self) -> str:
        return self.text


class AxisFourStressor(models.Model):
    """Axis IV: a psychosocial or environmental stressor, perhaps one already recorded as a risk factor.

    A stressor of a sensitive category is shown only to a reader granted it, on every page."""

    version = models.ForeignKey(FormulationVersion, on_delete=models.PROTECT, related_name="stressors")
    # The version's organization, kept on the row itself: every clinical table can be read (and, one day,
    # sharded) by organization without a join (docs/scaling.md).
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(_("group"), max_length=15, choices=StressorGroup.choices)
    description = models.CharField(_("stressor"), max_length=300)
    onset_months = models.PositiveSmallIntegerField(_("age of onset (months)"))
    duration = models.CharField(_("duration"), max_length=100, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    risk_factor = models.ForeignKey(
        RiskFactor, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sensitive_category = models.CharField(
        _("sensitive category"), max_length=30, choices=SensitiveCategory.choices, blank=True
    )

    class Meta:
        ordering = ["version", "pk"]

    def __str__(self) -> str:
        return self.description
