from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nestling.accounts.models import Role, User
from nestling.families.models import AssignmentKind
from nestling.organizations.models import Program


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        size = getattr(obj, "caseload_size", None)
        if size is None:
            return str(obj)
        return _("%(name)s (%(count)d families)") % {"name": obj, "count": size}


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Email address"), help_text=_("The sign-up link goes here; it is also how they sign in.")
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role.")},
    )
    program = forms.ModelChoiceField(
        label=_("Program they manage"),
        queryset=Program.objects.none(),
        required=False,
        empty_label=_("Every program"),
        help_text=_("For a program manager only."),
    )

    def __init__(self, *args: Any, programs: QuerySet[Program], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    program = forms.ModelChoiceField(
        label=_("Program (for a program manager)"),
        queryset=Program.objects.none(),
        required=False,
        empty_label=_("Every program"),
    )

    def __init__(self, *args: Any, programs: QuerySet[Program], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    practitioner = PersonChoice(
        label=_("Practitioner"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose a practitioner.")},
    )
    kind = forms.ChoiceField(
        label=_("As"),
        choices=AssignmentKind.choices,
        initial=AssignmentKind.PRIMARY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, practitioners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners  # type: ignore[attr-defined]


class CaseloadMoveForm(forms.Form):
    to_user = PersonChoice(
        label=_("Move to"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose who takes the families over.")},
    )
    families = forms.MultipleChoiceField(
        label=_("Families to move"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each keeps the kind of assignment it had (primary or secondary)."),
        error_messages={"required": _("Choose at least one family.")},
    )
    reason = forms.CharField(
        label=_("Why the caseload moves"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: leaving the program; on leave until March. Recorded for each family."),
    )

    def __init__(
        self, *args: Any, practitioners: QuerySet[User], families: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = practitioners  # type: ignore[attr-defined]
        self.fields["families"].choices = families  # type: ignore[attr-defined]
        self.fields["families"].initial = [value for value, _label in families]


class SupervisionForm(forms.Form):
    supervisee = PersonChoice(label=_("Supervisee"), queryset=User.objects.none())
    supervisor = PersonChoice(label=_("Reflective supervisor"), queryset=User.objects.none())
    starts_on = forms.DateField(
        label=_("Starts on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date.")},
    )

    def __init__(
        self, *args: Any, supervisees: QuerySet[User], supervisors: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisee"].queryset = supervisees  # type: ignore[attr-defined]
        self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not a common password, and not only numbers."),
        strip=False,
    )
    password_again = forms.CharField(
        label=_("The same password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
