"""Forms of the care plan. They collect and check the shape of input; the services decide.

A goal's form offers only the family's own patients, the staff of the organization, the service types it
offers, and the motivations the reader may see: a screen, a factor or an observation in a sensitive
category without a grant is not offered (and a goal whose motivation is one keeps it unseen).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nestling.accounts.models import User
from nestling.families.forms import CreateForm, DateInput, EditForm, model_fields
from nestling.families.models import Person
from nestling.plans.models import CarePlan, GoalProgress, GoalStatus, PlanReview, ProgressRating, ServiceType
from nestling.plans.selectors import Motivation, MotivationOptions, Patients
from nestling.plans.words import motivation_words, patient_name

PLAN_FIELDS = ["started_on", "review_on", "summary"]
KEEP = "keep"  # the motivation field's value for "keep the one you may not see"


def _plan_fields() -> dict[str, forms.Field]:
    fields = model_fields(CarePlan, PLAN_FIELDS)
    fields["review_on"].help_text = _(
        "Most plans are looked at again with the family every three to six months."
    )
    fields["summary"].help_text = _(
        "In the family's words where you can: what they want for their child and themselves."
    )
    return fields


class PlanCreateForm(CreateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_plan_fields())


class PlanEditForm(EditForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_plan_fields())


class PlanReviewForm(CreateForm):
    # The plan's version: a review moves the plan's review date, so it starts from the plan it read.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(model_fields(PlanReview, ["reviewed_on", "note", "next_review_on"]))
        self.fields["next_review_on"].required = True
        self.fields["note"].help_text = _(
            "What is going well, what changes, which goals were met or replaced."
        )


class ProgressForm(CreateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(
            model_fields(
                GoalProgress,
                ["rated_on", "rating", "note"],
                rating=forms.TypedChoiceField(
                    label=_("Progress"), choices=ProgressRating.choices, coerce=int, widget=forms.RadioSelect
                ),
            )
        )


class GoalCloseForm(EditForm):
    status = forms.ChoiceField(
        label=_("How the goal ends"),
        choices=[(s.value, s.label) for s in (GoalStatus.MET, GoalStatus.CHANGED, GoalStatus.STOPPED)],
        widget=forms.RadioSelect,
    )
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())


def _groups(*groups: tuple[Any, list[tuple[str, str]]]) -> list[tuple[Any, list[tuple[str, str]]]]:
    """Choices in groups, leaving out the empty ones."""
    return [(label, choices) for label, choices in groups if choices]


class GoalForm(forms.Form):
    """A goal for one of the family's patients, with its planned services (one checkbox and one "how
    often" per service type offered)."""

    about = forms.ChoiceField(label=_("Whom the goal is for"))
    statement = forms.CharField(label=_("The goal"), max_length=500)
    progress_looks_like = forms.CharField(
        label=_("What progress will look like"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    caregiver_wording = forms.CharField(
        label=_("The goal in the family's own words"),
        help_text=_("The caregiver will read these words in the family portal."),
        max_length=500,
        required=False,
    )
    responsible = forms.ModelChoiceField(
        label=_("Staff member responsible"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
    )
    responsible_note = forms.CharField(
        label=_("Who else is responsible"),
        help_text=_("For example: the caregiver, a grandparent, the pediatrician."),
        max_length=200,
        required=False,
    )
    review_on = forms.DateField(label=_("Review the goal by"), widget=DateInput())
    motivation = forms.ChoiceField(label=_("What led to this goal"), required=False)
    motivation_note = forms.CharField(
        label=_("What led to this goal, in words"),
        help_text=_("Needed when nothing is chosen above."),
        max_length=500,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        patients: Patients,
        options: MotivationOptions,
        staff: Sequence[User],
        service_types: Sequence[ServiceType],
        hidden_motivation: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._people = patients.by_uuid()
        self._options = options.by_key()
        self._service_types = list(service_types)
        about = self.fields["about"]
        assert isinstance(about, forms.ChoiceField)
        about.choices = [
            ("", _("Choose…")),
            *_groups(
                (_("Caregivers"), [(str(p.uuid), patient_name(p)) for p in patients.caregivers]),
                (_("Children"), [(str(p.uuid), patient_name(p)) for p in patients.children]),
                (_("Relationships"), [(str(p.uuid), patient_name(p)) for p in patients.relationships]),
            ),
        ]
        responsible = self.fields["responsible"]
        assert isinstance(responsible, forms.ModelChoiceField)
        responsible.queryset = User.objects.filter(pk__in=[u.pk for u in staff]).order_by(
            "last_name", "first_name"
        )
        first: list[tuple[str, Any]] = [("", _("Nothing chosen: say it in words below"))]
        if hidden_motivation:
            first.insert(0, (KEEP, _("Keep it as it is (a record in a category you have no grant for)")))
        motivation = self.fields["motivation"]
        assert isinstance(motivation, forms.ChoiceField)
        motivation.choices = [
            *first,
            *_groups(
                (
                    _("Screening results"),
                    [(f"result:{r.uuid}", motivation_words(r)) for r in options.results],
                ),
                (
                    _("Risks and strengths"),
                    [(f"factor:{f.uuid}", motivation_words(f)) for f in options.factors],
                ),
                (
                    _("Observations of a relationship"),
                    [(f"observation:{o.uuid}", motivation_words(o)) for o in options.observations],
                ),
            ),
        ]
        for service_type in self._service_types:
            self.fields[f"service__{service_type.code}"] = forms.BooleanField(
                label=service_type.label, required=False
            )
            self.fields[f"frequency__{service_type.code}"] = forms.CharField(
                label=_("How often: %(service)s") % {"service": service_type.label},
                max_length=120,
                required=False,
            )

    def service_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """Each service type's checkbox and "how often" field, for the template's table."""
        return [(self[f"service__{t.code}"], self[f"frequency__{t.code}"]) for t in self._service_types]

    def detail_fields(self) -> list[forms.BoundField]:
        """The goal's own fields, in order (the services are drawn apart)."""
        return [field for field in self if not field.name.startswith(("service__", "frequency__"))]

    def about_person(self) -> Person | None:
        return self._people.get(self.cleaned_data.get("about") or "")

    def chosen_motivation(self) -> Motivation | None:
        return self._options.get(self.cleaned_data.get("motivation") or "")

    def keeps_motivation(self) -> bool:
        return self.cleaned_data.get("motivation") == KEEP

    def services(self) -> list[tuple[ServiceType, str]]:
        return [
            (t, self.cleaned_data.get(f"frequency__{t.code}", ""))
            for t in self._service_types
            if self.cleaned_data.get(f"service__{t.code}")
        ]

    def values(self) -> dict[str, Any]:
        """The goal's values as its services take them (the motivation left out when it is kept)."""
        data = self.cleaned_data
        values: dict[str, Any] = {
            "about": self.about_person(),
            "statement": data["statement"],
            "progress_looks_like": data["progress_looks_like"],
            "caregiver_wording": data["caregiver_wording"],
            "responsible": data["responsible"],
            "responsible_note": data["responsible_note"],
            "review_on": data["review_on"],
            "motivation_note": data["motivation_note"],
            "services": self.services(),
        }
        if not self.keeps_motivation():
            values["motivation"] = self.chosen_motivation()
        return values


class GoalCreateForm(CreateForm, GoalForm):
    pass


class GoalEditForm(EditForm, GoalForm):
    pass


class ServiceTypeForm(forms.Form):
    name = forms.CharField(label=_("Name of the service"), max_length=120)
    relationship_therapy = forms.BooleanField(
        label=_("A relationship-based therapy: only a qualified practitioner may deliver it"), required=False
    )


class ServiceTypeEditForm(ServiceTypeForm):
    active = forms.BooleanField(
        label=_("In use (offered for new plans and visits)"),
        help_text=_("Retire a service by unticking this: what was planned or delivered keeps its name."),
        required=False,
    )
