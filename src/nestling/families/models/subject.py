"""The three patients of IMH work as one addressable record: each caregiver, each child (unborn
included) and each caregiver–child relationship is a subject, and every clinical record — a screening
result, a goal, a service, a referral — points at one.

A subject's id is the id of the person or relationship it stands for, so a page that knows the person
knows the subject without a query.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.families.models.household import Family
from nestling.families.models.people import Caregiver, Child, Relationship
from nestling.organizations.models import Organization

Person = Caregiver | Child | Relationship


class SubjectKind(models.TextChoices):
    CAREGIVER = "caregiver", _("Caregiver")
    CHILD = "child", _("Child")
    RELATIONSHIP = "relationship", _("Relationship")


class Subject(models.Model):
    uuid = models.UUIDField(primary_key=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="subjects")
    kind = models.CharField(_("kind"), max_length=20, choices=SubjectKind.choices)
    caregiver = models.OneToOneField(
        Caregiver, on_delete=models.PROTECT, null=True, blank=True, related_name="subject"
    )
    child = models.OneToOneField(
        Child, on_delete=models.PROTECT, null=True, blank=True, related_name="subject"
    )
    relationship = models.OneToOneField(
        Relationship, on_delete=models.PROTECT, null=True, blank=True, related_name="subject"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="caregiver",
                        caregiver__isnull=False,
                        child__isnull=True,
                        relationship__isnull=True,
                    )
                    | models.Q(
                        kind="child", caregiver__isnull=True, child__isnull=False, relationship__isnull=True
                    )
                    | models.Q(
                        kind="relationship",
                        caregiver__isnull=True,
                        child__isnull=True,
                        relationship__isnull=False,
                    )
                ),
                name="subject_is_one_patient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.uuid}"

    @property
    def person(self) -> Person:
        """The caregiver, child or relationship this subject stands for."""
        person = self.caregiver or self.child or self.relationship
        assert person is not None  # the check constraint guarantees one
        return person


def subject_kind(person: Person) -> str:
    if isinstance(person, Caregiver):
        return SubjectKind.CAREGIVER
    if isinstance(person, Child):
        return SubjectKind.CHILD
    return SubjectKind.RELATIONSHIP


def subject_of(person: Person) -> Subject:
    """The subject of this person or relationship, made on first use (records made before subjects
    existed, and bulk-loaded ones, get theirs then)."""
    kind = subject_kind(person)
    subject, _created = Subject.objects.get_or_create(
        uuid=person.uuid,
        defaults={
            "organization_id": person.organization_id,
            "family_id": person.family_id,
            "kind": kind,
            kind: person,
        },
    )
    return subject
