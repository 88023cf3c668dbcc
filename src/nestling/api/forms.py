from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nestling.api.models import ClientKind
from nestling.api.scopes import SCOPES
from nestling.organizations.models import Program


class ApiClientForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("The system or app, as staff know it.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ClientKind.choices, widget=forms.RadioSelect)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=[(name, f"{name} — {text}") for name, text in SCOPES.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the client may ask for. Whatever it asks, it sees no more than its person may."),
    )
    redirect_uris = forms.CharField(
        label=_("Redirect addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For an app acting for staff: where it is sent back after approval (one per line)."),
    )
    program = forms.ModelChoiceField(
        label=_("Program"),
        queryset=Program.objects.none(),
        required=False,
        empty_label=_("All programs"),
        help_text=_("For a system integration: it reads the families of this program, or of all."),
    )

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        program = self.fields["program"]
        assert isinstance(program, forms.ModelChoiceField)
        program.queryset = Program.objects.filter(organization_id=organization_id).order_by("name")
