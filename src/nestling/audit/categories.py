"""The sensitive categories of clinical data: the names audit rows are written under, grants give access
to, and records carry. At the bottom of the apps so that every layer can name them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SensitiveCategory(models.TextChoices):
    SUBSTANCE_USE = "substance_use", _("Substance use")
    TRAUMA_HISTORY = "trauma_history", _("Trauma history")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    INTIMATE_PARTNER_VIOLENCE = "intimate_partner_violence", _("Intimate-partner violence")
