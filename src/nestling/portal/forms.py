"""The portal's forms: the practitioner's (invite, give a questionnaire), the admin's (settings) and the
caregiver's (set a password, ask for another time, answer a questionnaire, choose a language)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from nestling.families.models import Caregiver
from nestling.portal.models import PortalSettings, ScoreFeedback
from nestling.screening.labels import InstrumentLabels
from nestling.screening.scoring import Definition


def _languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class InviteForm(forms.Form):
    caregiver = forms.ModelChoiceField(
        label=_("Caregiver"), queryset=Caregiver.objects.none(), to_field_name="uuid", empty_label=None
    )
    email = forms.EmailField(label=_("Their email address"), help_text=_("The invitation link goes here."))
    language = forms.ChoiceField(label=_("The language they read"), choices=_languages)

    def __init__(self, *args: Any, caregivers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caregiver"].queryset = caregivers  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    caregiver = forms.ModelChoiceField(
        label=_("Caregiver"), queryset=Caregiver.objects.none(), to_field_name="uuid", empty_label=None
    )
    instrument = forms.ChoiceField(label=_("Questionnaire"))
    due_on = forms.DateField(
        label=_("To fill in by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, caregivers: Any, definitions: list[Definition], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caregiver"].queryset = caregivers  # type: ignore[attr-defined]
        self.fields["instrument"].choices = [(d.id, d.title) for d in definitions]  # type: ignore[attr-defined]


class PortalSettingsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    emergency_number = forms.CharField(label=_("Emergency number"), max_length=40)
    crisis_contacts = forms.CharField(
        label=_("Crisis contacts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=PortalSettings._meta.get_field("crisis_contacts").help_text,
    )
    score_feedback = forms.ChoiceField(
        label=_("What a caregiver sees after sending a questionnaire"),
        choices=ScoreFeedback.choices,
        widget=forms.RadioSelect,
    )


class WelcomeForm(forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. A short sentence you will remember works well."),
    )
    password2 = forms.CharField(
        label=_("Type it again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class VisitChangeForm(forms.Form):
    message = forms.CharField(
        label=_("Which days or times would suit you better?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=_languages)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class QuestionnaireForm(forms.Form):
    """One radio group per question, in the wording that ships (or the organization's licensed copy)."""

    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, labels: InstrumentLabels, draft: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.labels = labels
        self.asked = [item for item in labels.definition.items if item.select == "single"]
        for item in self.asked:
            self.fields[item.id] = forms.ChoiceField(
                label=labels.question(item),
                choices=[(str(n), labels.choice(item, n)) for n in range(len(item.options))],
                widget=forms.RadioSelect,
                required=False,
                initial=str(draft[item.id]) if item.id in draft else None,
            )

    def worded_fields(self) -> list[dict[str, Any]]:
        """Each question's field with the `lang` its wording and its choices need on this page."""
        return [
            {
                "field": self[item.id],
                "label_lang": self.labels.question_lang(item),
                "choices_lang": self.labels.choices_lang(item),
            }
            for item in self.asked
        ]

    def answers(self) -> dict[str, str]:
        return {
            name: value for name, value in self.data.items() if name in self.fields and name != "client_id"
        }
