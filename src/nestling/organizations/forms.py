from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nestling.organizations.models import GrowthReference


class OrganizationSettingsForm(forms.Form):
    growth_reference = forms.ChoiceField(
        label=_("Growth reference"),
        choices=GrowthReference.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "The charts and z-scores every growth page uses. WHO suits most programs; UK-WHO adds the "
            "preterm section before term; CDC is the US reference from 2 years."
        ),
    )
