"""Tenants and their structure: an organization runs programs, a program has sites and teams."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class GrowthReference(models.TextChoices):
    WHO = "who", _("WHO")
    UK_WHO = "uk-who", _("UK-WHO")
    CDC = "cdc", _("CDC")


class Organization(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    growth_reference = models.CharField(
        _("growth reference"), max_length=10, choices=GrowthReference.choices, default=GrowthReference.WHO
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(_("name"), max_length=200)
    # Corrected age applies below this age to children born at least this many weeks early.
    corrected_age_until_months = models.PositiveSmallIntegerField(_("correct age until (months)"), default=24)
    corrected_age_min_weeks_early = models.PositiveSmallIntegerField(
        _("correct age when born at least this many weeks early"), default=3
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="program_name_unique")]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
