from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nestling.access.models import REVIEW_OUTCOMES
from nestling.access.services import MIN_REASON_LENGTH
from nestling.accounts.models import User
from nestling.audit.categories import SensitiveCategory


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


class GrantForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Staff member"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose who the grant is for.")},
    )
    category = forms.ChoiceField(label=_("Category"), choices=SensitiveCategory.choices)
    ends_on = forms.DateField(
        label=_("Last day it counts"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Today or later, and a year from today at most."),
        error_messages={"required": _("Enter the last day the grant counts."), "invalid": _("Enter a date.")},
    )
    reason = forms.CharField(
        label=_("Why they need it"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: carries the family's trauma-focused work with child-parent psychotherapy."),
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class GrantWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is withdrawn"),
        max_length=1000,
        error_messages={"required": _("Say why the grant is withdrawn.")},
    )
