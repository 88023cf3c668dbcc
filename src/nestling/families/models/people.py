"""The people of a family — caregivers and children — and the relationship of each caregiver with each
child, which IMH work treats as a patient of its own."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nestling.families.models.household import Family
from nestling.records.models import ClinicalRecord


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    INTERSEX = "intersex", _("Intersex")
    UNKNOWN = "unknown", _("Not known yet")


class Caregiver(ClinicalRecord):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="caregivers")
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=60, blank=True)
    # Set while the caregiver is pregnant; cleared when the birth is recorded.
    pregnancy_due_date = models.DateField(_("pregnancy due date"), null=True, blank=True)

    class Meta(ClinicalRecord.Meta):
        ordering = ["family_name", "given_name", "pk"]
        indexes = [
            models.Index(fields=["organization", "date_of_birth"]),
            models.Index(fields=["organization", "family_name"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Child(ClinicalRecord):
    """A child from pregnancy on: prenatal while `date_of_birth` is empty and `due_date` is set."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="children")
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    due_date = models.DateField(_("expected due date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    gestation_weeks = models.PositiveSmallIntegerField(_("gestation at birth (weeks)"), null=True, blank=True)
    gestation_days = models.PositiveSmallIntegerField(_("and days"), null=True, blank=True)
    birth_weight_grams = models.PositiveIntegerField(_("birth weight (grams)"), null=True, blank=True)

    class Meta(ClinicalRecord.Meta):
        ordering = ["date_of_birth", "due_date", "pk"]
        verbose_name_plural = _("children")
        indexes = [
            models.Index(fields=["organization", "date_of_birth"]),
            models.Index(fields=["organization", "family_name"]),
        ]
        constraints = [
            *ClinicalRecord.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(date_of_birth__isnull=False) | models.Q(due_date__isnull=False),
                name="child_born_or_expected",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """The child's name; a baby not named yet is "Baby" and the family name, on every page alike."""
        if not self.given_name:
            return (
                gettext("Baby %(family_name)s") % {"family_name": self.family_name}
                if self.family_name
                else gettext("Baby")
            )
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_prenatal(self) -> bool:
        return self.date_of_birth is None


class RelationshipKind(models.TextChoices):
    BIOLOGICAL_MOTHER = "biological_mother", _("Biological mother")
    BIOLOGICAL_FATHER = "biological_father", _("Biological father")
    FOSTER = "foster", _("Foster parent")
    ADOPTIVE = "adoptive", _("Adoptive parent")
    KINSHIP = "kinship", _("Kinship caregiver")
    STEP_PARENT = "step_parent", _("Step-parent")
    OTHER = "other", _("Other")


class CustodyKind(models.TextChoices):
    SOLE = "sole", _("Sole legal custody")
    JOINT = "joint", _("Joint legal custody")
    NONE = "none", _("No legal custody")
    UNKNOWN = "unknown", _("Not known")


class Relationship(ClinicalRecord):
    """One caregiver with one child: the third patient, with its own page, timeline and observations."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="relationships")
    caregiver = models.ForeignKey(Caregiver, on_delete=models.PROTECT, related_name="relationships")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="relationships")
    kind = models.CharField(_("relationship to the child"), max_length=20, choices=RelationshipKind.choices)
    is_primary = models.BooleanField(_("primary caregiver"), default=False)
    legal_custody = models.CharField(
        _("legal custody"), max_length=10, choices=CustodyKind.choices, default=CustodyKind.UNKNOWN
    )
    since = models.DateField(_("caring for the child since"), null=True, blank=True)
    strengths = models.TextField(_("strengths observed in interaction"), blank=True)
    concerns = models.TextField(_("concerns observed in interaction"), blank=True)

    class Meta(ClinicalRecord.Meta):
        ordering = ["-is_primary", "pk"]
        constraints = [
            *ClinicalRecord.Meta.constraints,
            models.UniqueConstraint(fields=["caregiver", "child"], name="relationship_pair_once"),
        ]

    def __str__(self) -> str:
        return f"{self.caregiver} – {self.child}"


class ObservationKind(models.TextChoices):
    STRENGTH = "strength", _("Strength")
    CONCERN = "concern", _("Concern")
    NOTE = "note", _("Observation")


class RelationshipObservation(ClinicalRecord):
    """A dated note of what was seen between a caregiver and a child. Added, never edited."""

    relationship = models.ForeignKey(Relationship, on_delete=models.PROTECT, related_name="observations")
    observed_on = models.DateField(_("observed on"))
    kind = models.CharField(_("kind"), max_length=10, choices=ObservationKind.choices, default="note")
    text = models.TextField(_("what you observed"))
    observer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(ClinicalRecord.Meta):
        ordering = ["-observed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.relationship} {self.observed_on}"
