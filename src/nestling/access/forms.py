from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nestling.access.models import REVIEW_OUTCOMES
from nestling.access.services import MIN_REASON_LENGTH


class BreakGlassForm(forms.Form):
    reference = forms.CharField(
        label=_("Family reference number"),
        max_length=40,
        help_text=_("The exact reference, for example NST-7KQ2M9XD."),
    )
    reason = forms.CharField(
        label=_("Why do you need access now?"),
        min_length=MIN_REASON_LENGTH,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your reason is recorded and reviewed by the privacy officer."),
    )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Was this emergency access appropriate?"),
        choices=[(outcome.value, outcome.label) for outcome in REVIEW_OUTCOMES],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the access was appropriate.")},
    )
    note = forms.CharField(
        label=_("Review note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was wrong, or what should follow; needed unless it was appropriate."),
    )
