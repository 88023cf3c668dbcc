"""The reflectively supervised workforce: who supervises whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.organizations.models import Organization


class Supervision(models.Model):
    """A reflective supervisor's relationship with a supervisee, from a start date to an optional end."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisees_links"
    )
    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisor_links"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["supervisor", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(supervisor=models.F("supervisee")), name="supervision_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} supervises {self.supervisee}"
