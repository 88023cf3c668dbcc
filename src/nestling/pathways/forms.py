from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nestling.families.models import Child
from nestling.pathways.definition import Pathway


class PathwayStartForm(forms.Form):
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    pathway = forms.ChoiceField(label=_("Pathway"))
    child = forms.ModelChoiceField(
        label=_("The baby it follows"),
        queryset=Child.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text=_("Its days count from the birth, or from the due date until the baby is born."),
    )

    def __init__(
        self, *args: Any, pathways: list[Pathway], children: Any, language: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pathway"].choices = [(p.key, p.title(language)) for p in pathways]  # type: ignore[attr-defined]
        self.fields["child"].queryset = children  # type: ignore[attr-defined]


class PathwayEndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
