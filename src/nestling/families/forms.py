"""Forms of the family record. They only collect and check the shape of input; the services decide.

Create forms carry a hidden `client_id` (a repeated submission creates nothing new); edit forms carry the
hidden `version` they started from (a stale save is refused).
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import Field as ModelField
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from nestling.families.age import MAX_GESTATION_WEEKS, MIN_GESTATION_WEEKS
from nestling.families.contributions import OpenItem
from nestling.families.models import (
    DISCHARGE_SUMMARY_MAX,
    Caregiver,
    Child,
    Consent,
    DischargeReason,
    Enrollment,
    Family,
    ObservationKind,
    Relationship,
    RelationshipObservation,
    RiskFactor,
    Sex,
)
from nestling.families.services.discharge import Decision
from nestling.families.validation import MAX_BIRTH_WEIGHT_GRAMS, MIN_BIRTH_WEIGHT_GRAMS
from nestling.organizations.models import Program


class DateInput(forms.DateInput):
    input_type = "date"  # the tablet's own date picker

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DecimalInput(forms.TextInput):
    """A text box with the decimal keypad: a `type=number` box would refuse, or send by the browser's own
    locale, the comma that Spanish and Dutch write ("7,4")."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class LocalDecimalField(forms.DecimalField):
    """A decimal typed and shown as the reader's language writes it: "7,4" in Spanish and Dutch, "7.4" in
    English; the point is accepted everywhere. There is no thousands separator to misread ("7.400")."""

    widget = DecimalInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)


class CreateForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())


class EditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DuplicateCheck(forms.Form):
    confirm_duplicate = forms.BooleanField(
        label=_("I have checked: this is a different person. Add them anyway."), required=False
    )


def model_fields(model: type[Model], names: list[str], **overrides: forms.Field) -> dict[str, forms.Field]:
    """Form fields for these model fields, with dates as date pickers."""
    made: dict[str, forms.Field] = {}
    for name in names:
        if name in overrides:
            made[name] = overrides[name]
            continue
        model_field = model._meta.get_field(name)
        assert isinstance(model_field, ModelField)
        field = model_field.formfield()
        assert field is not None
        if isinstance(field, forms.DateField):
            field.widget = DateInput()
        if isinstance(field, forms.DecimalField) and not isinstance(field, LocalDecimalField):
            field = LocalDecimalField(
                required=field.required,
                label=field.label,
                help_text=field.help_text,
                max_digits=field.max_digits,
                decimal_places=field.decimal_places,
                max_value=field.max_value,
                min_value=field.min_value,
            )
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 3
        made[name] = field
    return made


def _with(fields: dict[str, forms.Field], *bases: type) -> type[forms.Form]:
    return type("GeneratedForm", bases, dict(fields))


FAMILY_FIELDS = [
    "name",
    "address_line",
    "address_locality",
    "address_region",
    "postal_code",
    "languages_at_home",
    "preferred_language",
    "interpreter_needed",
    "contact_method",
    "contact_notes",
]
CAREGIVER_FIELDS = [
    "given_name",
    "family_name",
    "date_of_birth",
    "phone",
    "email",
    "preferred_language",
    "pregnancy_due_date",
]
CHILD_FIELDS = [
    "given_name",
    "family_name",
    "date_of_birth",
    "due_date",
    "sex",
    "gestation_weeks",
    "gestation_days",
    "birth_weight_grams",
]
RELATIONSHIP_FIELDS = ["kind", "is_primary", "legal_custody", "since", "strengths", "concerns"]
ENROLLMENT_CREATE_FIELDS = ["enrolled_on", "referral_source", "referral_detail", "service_level"]
ENROLLMENT_EDIT_FIELDS = [
    "enrolled_on",
    "referral_source",
    "referral_detail",
    "service_level",
    "discharged_on",
    "discharge_reason",
    "discharge_note",
]
CONSENT_FIELDS = [
    "kind",
    "given_by",
    "given_by_other",
    "given_on",
    "expires_on",
    "expiry_event",
    "recipient",
    "purpose",
    "discloser",
    "information",
    "right_to_revoke_explained",
    "signed",
]
FACTOR_FIELDS = [
    "kind",
    "group",
    "description",
    "caregiver",
    "child",
    "sensitive_category",
    "status",
    "noted_on",
    "source",
    "source_detail",
]

FamilyForm = _with(model_fields(Family, FAMILY_FIELDS), EditForm)


def _birth_numbers() -> dict[str, forms.Field]:
    """Gestation and birth weight as whole numbers with no bounds of their own: the record's validator
    says what is allowed for each, all at once and beside the dates they are checked against (a bound here
    would answer alone, before any of that is looked at)."""
    return {
        "gestation_weeks": forms.IntegerField(
            label=_("Gestation at birth (weeks)"),
            required=False,
            help_text=format_lazy(
                _("{min} to {max} weeks."), min=MIN_GESTATION_WEEKS, max=MAX_GESTATION_WEEKS
            ),
        ),
        "gestation_days": forms.IntegerField(
            label=_("And days"), required=False, help_text=_("0 to 6 days past the weeks (37+2: 37 and 2).")
        ),
        "birth_weight_grams": forms.IntegerField(
            label=_("Birth weight (grams)"),
            required=False,
            help_text=format_lazy(
                _("{min} to {max} grams."), min=MIN_BIRTH_WEIGHT_GRAMS, max=MAX_BIRTH_WEIGHT_GRAMS
            ),
        ),
    }


class FamilyCreateForm(CreateForm):
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.none(), to_field_name="uuid"
    )

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        program = self.fields["program"]
        assert isinstance(program, forms.ModelChoiceField)
        program.queryset = Program.objects.filter(organization_id=organization_id)
        program.help_text = _("The family is enrolled in it: its first episode of care starts here.")
        self.fields.update(model_fields(Family, ["reference", *FAMILY_FIELDS]))
        self.fields["reference"].help_text = _("Leave empty to have one made up.")
        # What the first episode needs, beside the program it is in.
        self.fields.update(model_fields(Enrollment, ENROLLMENT_CREATE_FIELDS))
        self.initial.setdefault("enrolled_on", timezone.localdate())
        self.fields["enrolled_on"].help_text = _(
            "Today, unless the family joined the program earlier. Enrollment during pregnancy is welcome."
        )
        self.fields["service_level"].help_text = _(
            "Promotion for every family, prevention for a family at risk, intervention when there are "
            "problems to work on."
        )
        self.order_fields(["name", "reference", "program", *ENROLLMENT_CREATE_FIELDS])


CaregiverCreateForm = _with(model_fields(Caregiver, CAREGIVER_FIELDS), CreateForm, DuplicateCheck)
CaregiverEditForm = _with(model_fields(Caregiver, CAREGIVER_FIELDS), EditForm)

_child_fields = model_fields(
    Child,
    CHILD_FIELDS,
    sex=forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN),
    **_birth_numbers(),
)
_child_fields["date_of_birth"].help_text = _("Leave empty for a baby not born yet, and give the due date.")
_child_fields["due_date"].help_text = _("For a baby not born yet.")
ChildCreateForm = _with(_child_fields, CreateForm, DuplicateCheck)
ChildEditForm = _with(
    model_fields(
        Child, [n for n in CHILD_FIELDS if n != "date_of_birth" and n != "due_date"], **_birth_numbers()
    ),
    EditForm,
)

BirthForm = _with(
    model_fields(
        Child,
        ["given_name", "date_of_birth", "sex", "gestation_weeks", "gestation_days", "birth_weight_grams"],
        date_of_birth=forms.DateField(label=_("Date of birth"), widget=DateInput()),
        sex=forms.ChoiceField(label=_("Sex"), choices=Sex.choices),
        **_birth_numbers(),
    ),
    EditForm,
)


class RelationshipCreateForm(CreateForm):
    caregiver = forms.ModelChoiceField(label=_("Caregiver"), queryset=Caregiver.objects.none())
    child = forms.ModelChoiceField(label=_("Child"), queryset=Child.objects.none())

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        caregiver_field = self.fields["caregiver"]
        child_field = self.fields["child"]
        assert isinstance(caregiver_field, forms.ModelChoiceField)
        assert isinstance(child_field, forms.ModelChoiceField)
        caregiver_field.queryset = Caregiver.objects.filter(family=family)
        child_field.queryset = Child.objects.filter(family=family)
        caregiver_field.to_field_name = child_field.to_field_name = "uuid"
        for name, field in model_fields(Relationship, RELATIONSHIP_FIELDS).items():
            self.fields[name] = field


RelationshipEditForm = _with(model_fields(Relationship, RELATIONSHIP_FIELDS), EditForm)

ObservationForm = _with(
    model_fields(
        RelationshipObservation,
        ["observed_on", "kind", "text"],
        kind=forms.ChoiceField(
            label=_("Kind"), choices=ObservationKind.choices, initial=ObservationKind.NOTE
        ),
    ),
    CreateForm,
)


class EnrollmentCreateForm(CreateForm):
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.none(), to_field_name="uuid"
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        program = self.fields["program"]
        assert isinstance(program, forms.ModelChoiceField)
        program.queryset = Program.objects.filter(organization_id=family.organization_id)
        self.initial.setdefault("program", family.program.uuid)
        self.fields.update(model_fields(Enrollment, ENROLLMENT_CREATE_FIELDS))
        self.fields["enrolled_on"].help_text = _("Enrollment during pregnancy is welcome.")


class EnrollmentEditForm(EditForm):
    """An episode's details and level; once discharged, also the discharge's date, reason and summary (a
    correction: an open episode is discharged on its own page, which asks about the open items)."""

    def __init__(self, *args: Any, discharged: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = ENROLLMENT_EDIT_FIELDS if discharged else ENROLLMENT_CREATE_FIELDS
        self.fields.update(model_fields(Enrollment, names))
        self.fields["level_changed_on"] = forms.DateField(
            label=_("If the service level changes: from"), required=False, widget=DateInput()
        )
        self.fields["level_reason"] = forms.CharField(
            label=_("Why the service level changes"), max_length=300, required=False
        )


DECIDE_CHOICES = [("close", _("Close it")), ("keep", _("Keep it"))]


class DischargeForm(EditForm):
    """A discharge: its date, reason and closing summary, and for each open item the reader may see,
    "close it" or "keep it" (nothing chosen beforehand) with an optional reason. Fields of an item are
    named by its key: `decide:<key>` and `reason:<key>`."""

    discharged_on = forms.DateField(
        label=_("Date of discharge"),
        widget=DateInput(),
        error_messages={"required": _("Enter the date of discharge.")},
    )
    discharge_reason = forms.ChoiceField(
        label=_("Reason for discharge"),
        choices=[("", "—"), *DischargeReason.choices],
        error_messages={"required": _("Choose the reason for discharge.")},
    )
    discharge_note = forms.CharField(
        label=_("Closing summary"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=DISCHARGE_SUMMARY_MAX,
        error_messages={
            "required": _(
                "Write the closing summary: what the family and you worked on, where things stand, and "
                "what was offered next."
            ),
            "max_length": _(
                "The closing summary is at most %(limit_value)s characters; this one has %(show_value)s."
            ),
        },
    )

    def __init__(self, *args: Any, items: list[OpenItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["discharge_note"].help_text = _(
            "At most %(max)s characters. What the family and you worked on, where things stand, and what "
            "was offered next."
        ) % {"max": number_format(DISCHARGE_SUMMARY_MAX, force_grouping=True)}
        for item in items:
            self.fields[f"decide:{item.key}"] = forms.ChoiceField(
                label=item.label,
                choices=DECIDE_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose: close it, or keep it.")},
            )
            self.fields[f"reason:{item.key}"] = forms.CharField(
                label=_("Reason, if you close it"),
                required=False,
                max_length=500,
                help_text=_("Leave it empty to note the reason for discharge."),
            )

    def decisions(self) -> dict[str, Decision]:
        """What was chosen for each item answered (an item left unanswered is not in it)."""
        return {
            name.removeprefix("decide:"): Decision(
                close=value == "close",
                reason=self.cleaned_data.get(f"reason:{name.removeprefix('decide:')}", "") or "",
            )
            for name, value in self.cleaned_data.items()
            if name.startswith("decide:") and value
        }


class _PeopleOfFamily(forms.Form):
    def limit_people(self, family: Family) -> None:
        for name, queryset in (
            ("given_by", Caregiver.objects.filter(family=family)),
            ("caregiver", Caregiver.objects.filter(family=family)),
            ("child", Child.objects.filter(family=family)),
        ):
            field = self.fields.get(name)
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = queryset
                field.to_field_name = "uuid"


class ConsentCreateForm(CreateForm, _PeopleOfFamily):
    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(model_fields(Consent, CONSENT_FIELDS))
        self.limit_people(family)


ConsentRevokeForm = _with(
    model_fields(
        Consent,
        ["revoked_on", "revocation_note"],
        revoked_on=forms.DateField(label=_("Revoked on"), widget=DateInput()),
    ),
    EditForm,
)


class RiskFactorCreateForm(CreateForm, _PeopleOfFamily):
    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(model_fields(RiskFactor, FACTOR_FIELDS))
        self.limit_people(family)


class RiskFactorEditForm(EditForm, _PeopleOfFamily):
    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(model_fields(RiskFactor, FACTOR_FIELDS))
        self.limit_people(family)


class LeaveForm(forms.Form):
    ends_on = forms.DateField(label=_("Last day living here"), widget=DateInput())


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, date of birth or reference"),
        max_length=100,
        min_length=2,
        help_text=_("For example: Rosa Quill, 2025-03-14, or NST-000123."),
    )
