"""A family on a pathway: which version of which pathway, counted from which day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nestling.families.models import Child, Family
from nestling.records.models import ClinicalRecord


class FamilyPathway(ClinicalRecord):
    """One family put on one pathway version. The steps' days are counted from `anchor_on` (the start of
    pregnancy, the birth or expected birth, or the enrollment, as the pathway says); `child` is the baby
    the pathway follows, when it follows one."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    pathway = models.CharField(_("pathway"), max_length=80)  # its key, e.g. "pregnancy-to-three-months@1"
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    anchor_on = models.DateField(_("counted from"))
    started_on = models.DateField(_("started on"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta(ClinicalRecord.Meta):
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["family", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.pathway} from {self.anchor_on}"
