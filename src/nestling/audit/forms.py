from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from nestling.audit.labels import audit_category_from_word
from nestling.audit.models import AuditAction, AuditOutcome

# No audit event can be older than Nestling or dated after today; a day's grace for time zones ahead of
# the server's.
EARLIEST_DATE = date(2000, 1, 1)
LARGEST_ID = 2**63 - 1


def _a_trail_date(value: date | None) -> date | None:
    latest = timezone.localdate() + timedelta(days=1)
    if value is not None and not EARLIEST_DATE <= value <= latest:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="out_of_range",
            params={
                "earliest": formats.date_format(EARLIEST_DATE, "j F Y"),
                "latest": formats.date_format(latest, "j F Y"),
            },
        )
    return value


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Staff email contains"), required=False, max_length=254)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any")), *AuditAction.choices]
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("Any")), *AuditOutcome.choices]
    )
    category = forms.CharField(
        label=_("Data category"),
        required=False,
        max_length=40,
        help_text=_("As the table shows it, for example Safety alert or Screening."),
    )
    family = forms.UUIDField(label=_("Family id"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    # An id past the largest the database holds would fail in the query rather than match nothing.
    before = forms.IntegerField(required=False, min_value=1, max_value=LARGEST_ID, widget=forms.HiddenInput)

    def clean_since(self) -> date | None:
        return _a_trail_date(self.cleaned_data.get("since"))

    def clean_until(self) -> date | None:
        return _a_trail_date(self.cleaned_data.get("until"))

    def clean_category(self) -> str:
        category = self.cleaned_data.get("category") or ""
        return audit_category_from_word(category) if category else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end date is before the start date."))
        return data
