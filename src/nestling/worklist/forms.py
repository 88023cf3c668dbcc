"""The forms of the worklist, the week and the calendar feed: they only collect and check input."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from nestling.families.forms import DateInput
from nestling.worklist.items import Sort
from nestling.worklist.week import WEEK_RANGE_YEARS, week_range

SORT_CHOICES = [
    (Sort.URGENCY.value, _("Most urgent first")),
    (Sort.DUE.value, _("Longest waiting first")),
    (Sort.FAMILY.value, _("By household name")),
]


class SortForm(forms.Form):
    sort = forms.ChoiceField(
        label=_("Order"),
        choices=SORT_CHOICES,
        required=False,
        help_text=_("Most urgent: what is overdue, then open safety alerts, then what is due soon."),
    )

    def chosen(self) -> Sort:
        if self.is_valid() and self.cleaned_data["sort"]:
            return Sort(self.cleaned_data["sort"])
        return Sort.URGENCY


class WeekForm(forms.Form):
    week = forms.DateField(label=_("Show the week of"), required=False, widget=DateInput())

    def clean_week(self) -> date | None:
        day: date | None = self.cleaned_data["week"]
        if day is None:
            return None
        first, last = week_range(timezone.localdate())
        if not first <= day <= last:
            raise forms.ValidationError(
                _("Choose a date within %(years)s years of today: from %(first)s to %(last)s.")
                % {
                    "years": WEEK_RANGE_YEARS,
                    "first": date_format(first, "j M Y"),
                    "last": date_format(last, "j M Y"),
                }
            )
        return day


class FeedForm(forms.Form):
    action = forms.ChoiceField(
        widget=forms.HiddenInput,
        choices=[("make", _("Make a calendar address")), ("revoke", _("Stop the calendar address"))],
    )
