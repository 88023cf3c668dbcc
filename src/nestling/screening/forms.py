"""The administration form, rendered from an instrument definition: one radio group per item (a group of
check boxes for a check-all-that-apply item), options in the printed order, values = option positions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.families.forms import CreateForm, DateInput
from nestling.screening.labels import InstrumentLabels
from nestling.screening.models import ResponseKind
from nestling.screening.scoring import Answer


class AdministrationForm(CreateForm):
    administered_on = forms.DateField(label=gettext_lazy("Administered on"), widget=DateInput())

    def __init__(self, *args: Any, labels: InstrumentLabels, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition = labels.definition
        self.initial.setdefault("administered_on", timezone.localdate())
        for context in definition.context:
            self.fields[f"context_{context.key}"] = forms.ChoiceField(
                label=_("Context: %(key)s") % {"key": context.key},
                choices=[(value, value) for value in context.values],
                required=context.required,
                widget=forms.RadioSelect,
            )
        for item in definition.items:
            choices = [
                (str(position), labels.choice(item, position)) for position in range(len(item.options))
            ]
            field: forms.Field
            if item.select == "multiple":
                field = forms.MultipleChoiceField(
                    choices=choices, required=False, widget=forms.CheckboxSelectMultiple
                )
            else:
                field = forms.ChoiceField(
                    choices=choices,
                    required=not item.optional,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose an answer.")},
                )
            field.label = labels.question(item)
            self.fields[f"item_{item.id}"] = field

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{item.id}"] for item in self.definition.items]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("item_")]

    def answers(self) -> list[Answer]:
        answers: list[Answer] = []
        for item in self.definition.items:
            raw = self.cleaned_data.get(f"item_{item.id}")
            if isinstance(raw, list):
                answers.append(tuple(int(p) for p in raw) if raw else None)
            else:
                answers.append(int(raw) if raw not in (None, "") else None)
        return answers

    def context(self) -> dict[str, str]:
        return {
            c.key: self.cleaned_data[f"context_{c.key}"]
            for c in self.definition.context
            if self.cleaned_data.get(f"context_{c.key}")
        }


class AlertResponseForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What was done"),
        choices=ResponseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose what was done in response.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        help_text=gettext_lazy("Required for 'Other': say what was done."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
