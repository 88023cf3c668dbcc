"""The sensitive categories of clinical data. Kept apart from the models so that the family models can
use them without importing `access.models`, which imports the family models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SensitiveCategory(models.TextChoices):
    SUBSTANCE_USE = "substance_use", _("Substance use")
    TRAUMA_HISTORY = "trauma_history", _("Trauma history")
    CHILD_PROTECTION = "child_protection", _("Child protection")
