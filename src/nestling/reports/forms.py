"""The report pages' choices: whose families (scope), which program, which period."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from nestling.audit.categories import SensitiveCategory
from nestling.reports.measures.periods import Period, last_complete, parse_period
from nestling.reports.models import DateHandling

PERIOD_KINDS = (
    ("month", _("Month")),
    ("quarter", _("Quarter")),
    ("year", _("Year")),
    ("custom", _("From … to …")),
)


class PeriodForm(forms.Form):
    """A reporting period: its kind and key ("2026-Q3"), or a custom span. Empty means last quarter."""

    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_KINDS, required=False)
    value = forms.CharField(
        label=_("Which"),
        required=False,
        max_length=20,
        help_text=_("A month as 2026-09, a quarter as 2026-Q3, a year as 2026."),
    )
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, today: date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.today = today
        self.chosen: Period = last_complete("quarter", today)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        kind = data.get("period") or ""
        value = str(data.get("value") or "")
        start, end = data.get("start"), data.get("end")
        if not kind:
            return data
        if kind != "custom" and not value:
            self.chosen = last_complete(kind, self.today)
            return data
        try:
            self.chosen = parse_period(
                kind,
                value,
                start=start.isoformat() if isinstance(start, date) else "",
                end=end.isoformat() if isinstance(end, date) else "",
            )
        except ValueError:
            if kind == "custom":
                self.add_error(
                    "end", _("Give both dates, the second on or after the first, at most three years apart.")
                )
            else:
                self.add_error("value", _("Write the period as 2026-09 (a month), 2026-Q3 or 2026."))
        return data


class ExportForm(forms.Form):
    """What a de-identified export holds: a program, a period, how dates are made safe, and the sensitive
    categories (only those the exporter is granted are offered)."""

    period_start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    dates = forms.ChoiceField(label=_("Dates"), choices=DateHandling.choices, widget=forms.RadioSelect)
    categories = forms.MultipleChoiceField(
        label=_("Sensitive categories to include"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Left out unless you tick them; only the categories you hold a grant for are offered."),
    )

    def __init__(self, *args: object, granted: frozenset[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        labels = dict(SensitiveCategory.choices)
        field = self.fields["categories"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(c, labels[c]) for c in sorted(granted) if c in labels]
