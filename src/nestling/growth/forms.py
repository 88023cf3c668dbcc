"""The measurement form: shaped for a tablet on a home visit (big choices, a decimal keypad)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nestling.families.forms import CreateForm, DateInput, LocalDecimalField
from nestling.growth.models import MeasurementKind, MeasurementPlace
from nestling.growth.services import SAME_DAY_CORRECT, SAME_DAY_KEEP


class MeasurementForm(CreateForm):
    kind = forms.ChoiceField(
        label=_("What was measured"),
        choices=MeasurementKind.choices,
        initial=MeasurementKind.WEIGHT,
        widget=forms.RadioSelect,
    )
    value = LocalDecimalField(
        label=_("Value"),
        help_text=_("Weight in kilograms (for example 4.35); lengths and head circumference in centimetres."),
        # No bounds here: what a value may be depends on what was measured, and the service says it in
        # words ("A weight is more than 0 kg…") beside every other problem with the form.
    )
    measured_on = forms.DateField(label=_("Measured on"), widget=DateInput())
    place = forms.ChoiceField(
        label=_("Where"),
        choices=MeasurementPlace.choices,
        initial=MeasurementPlace.HOME_SCALE,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    # The visit it is measured during, when the page is opened from one (`?visit=`).
    visit = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # Shown only when the service asks (MeasurementNeedsConfirmation): the page hides them otherwise.
    confirm_implausible = forms.BooleanField(
        label=_("I have checked: this is the value I measured. Save it anyway."), required=False
    )
    same_day = forms.ChoiceField(
        label=_("This child already has this measurement today"),
        choices=[
            (
                SAME_DAY_CORRECT,
                _("Correct the earlier one: this value replaces it (it stays in the history)"),
            ),
            (SAME_DAY_KEEP, _("Keep both")),
        ],
        required=False,
        widget=forms.RadioSelect,
    )


class CorrectionForm(MeasurementForm):
    note = forms.CharField(
        label=_("Why it is corrected"),
        help_text=_("The original stays in the history; say what was wrong."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    same_day = None  # type: ignore[assignment]  # a correction replaces a row already; nothing to ask
