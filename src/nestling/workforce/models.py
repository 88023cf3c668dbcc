"""The reflectively supervised workforce. Who supervises whom (`accounts.Supervision`) sits with users and
roles, below access; a staff member's profile, reflective supervision sessions, training and endorsement
grow here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.organizations.models import Organization


class StaffProfile(models.Model):
    """What the organization knows of a staff member's practice.

    `relationship_therapy_qualified` (specialized IMH training and current reflective supervision) is set
    by a program manager for now; it gates recording interaction guidance and child-parent
    psychotherapy."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    relationship_therapy_qualified = models.BooleanField(
        _("qualified for relationship-based therapy"), default=False
    )
    qualified_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    qualified_set_at = models.DateTimeField(null=True, blank=True)
    qualified_note = models.CharField(_("basis (training, supervision)"), max_length=300, blank=True)
    # Whether the practitioner's discipline may diagnose (a licensed clinician's): gates recording a
    # confirmed DC:0-5 diagnosis. Set by a program manager, like the qualification above.
    may_diagnose = models.BooleanField(_("their discipline may diagnose"), default=False)
    may_diagnose_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    may_diagnose_set_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"profile of {self.user_id}"
