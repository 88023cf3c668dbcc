"""Forms of visits, notes and group sessions. They collect and check the shape of input; the services
decide (durations, dates, who may record what), so a refusal is worded once, where the rule lives.

Create forms carry a hidden `client_id`; edit forms the hidden `version` they started from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from nestling.accounts.models import User
from nestling.families.forms import CreateForm, DateInput, EditForm
from nestling.plans.models import Goal, ServiceType
from nestling.visits.models import NOTE_MAX, CancelledBy, GroupKind, MissedReason, VisitSetting
from nestling.visits.selectors import FamilyPeople, subject_label


class TimeInput(forms.TimeInput):
    input_type = "time"  # the tablet's own time picker

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


def _minutes_field(label: Any) -> forms.IntegerField:
    # No bounds here: the service says what a visit may last, in words.
    return forms.IntegerField(
        label=label,
        help_text=_("In minutes, from 5 to 480 (8 hours)."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "5"}),
    )


class _Users(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class _ManyUsers(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


CLASH_LABEL = _("I have seen the other visit at this time: schedule this one anyway.")


class _When(forms.Form):
    visit_on = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Start"), widget=TimeInput())
    duration_minutes = _minutes_field(_("Length"))
    setting = forms.ChoiceField(
        label=_("Setting"), choices=VisitSetting.choices, initial=VisitSetting.HOME, widget=forms.RadioSelect
    )
    place = forms.CharField(
        label=_("Place"),
        help_text=_("Where, in words for the diary (“home”, “Riverbend clinic, room 2”); not the address."),
        required=False,
        max_length=200,
    )
    # Shown only when the service finds a clash (the page hides it otherwise).
    confirm_clash = forms.BooleanField(label=CLASH_LABEL, required=False)


class VisitScheduleForm(CreateForm, _When):
    practitioner = _Users(label=_("Practitioner"), queryset=User.objects.none(), to_field_name="uuid")
    co_practitioners = _ManyUsers(
        label=_("Joined by"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, team: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        practitioner = self.fields["practitioner"]
        joining = self.fields["co_practitioners"]
        assert isinstance(practitioner, forms.ModelChoiceField)
        assert isinstance(joining, forms.ModelMultipleChoiceField)
        practitioner.queryset = team
        joining.queryset = colleagues
        self.order_fields(
            [
                "visit_on",
                "starts_at",
                "duration_minutes",
                "setting",
                "place",
                "practitioner",
                "co_practitioners",
            ]
        )


class VisitRecordForm(EditForm):
    """Who was there, the services for each patient, the goals worked on."""

    def __init__(
        self,
        *args: Any,
        people: FamilyPeople,
        service_types: list[ServiceType],
        goals: list[Goal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        self.service_types = service_types
        self.goal_rows = goals
        self.fields["present"] = forms.MultipleChoiceField(
            label=_("Who of the family was there"),
            choices=people.present_choices(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["others_present"] = forms.CharField(
            label=_("Others present, by role"),
            help_text=_("For example “grandmother”, “child care teacher”; no names needed."),
            required=False,
            max_length=300,
        )
        self.fields["interpreter_language"] = forms.CharField(
            label=_("Interpreter's language"),
            help_text=_("Leave empty when no interpreter was there."),
            required=False,
            max_length=60,
        )
        for service_type in service_types:
            self.fields[f"service_{service_type.code}"] = forms.MultipleChoiceField(
                label=service_type.name,
                help_text=_(
                    "A relationship-based therapy: recorded only by a practitioner qualified for it "
                    "(specialized training and current RS/C)."
                )
                if service_type.relationship_therapy
                else "",
                choices=people.patient_choices(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        if goals:
            self.fields["goals"] = forms.MultipleChoiceField(
                label=_("Care-plan goals worked on"),
                choices=[(str(g.uuid), f"{g.statement} ({subject_label(g.subject)})") for g in goals],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def service_fields(self) -> list[forms.BoundField]:
        return [self[f"service_{st.code}"] for st in self.service_types]

    def values(self) -> dict[str, Any]:
        """The cleaned values as the service takes them: people, (type, patient) pairs and goals."""
        by_uuid = self.people.by_uuid()
        present = [by_uuid[u] for u in self.cleaned_data["present"] if u in by_uuid]
        services = [
            (st, by_uuid[u])
            for st in self.service_types
            for u in self.cleaned_data.get(f"service_{st.code}", [])
            if u in by_uuid
        ]
        goals_by_uuid = {str(g.uuid): g for g in self.goal_rows}
        return {
            "present": present,
            "others_present": self.cleaned_data["others_present"],
            "interpreter_language": self.cleaned_data["interpreter_language"],
            "services": services,
            "goals": [goals_by_uuid[u] for u in self.cleaned_data.get("goals", []) if u in goals_by_uuid],
        }


class VisitMissedForm(EditForm):
    missed_reason = forms.ChoiceField(
        label=_("What happened"), choices=MissedReason.choices, widget=forms.RadioSelect
    )
    status_note = forms.CharField(
        label=_("Note"),
        help_text=_("For example: left a card, will call tomorrow."),
        required=False,
        max_length=500,
    )


class VisitCancelForm(EditForm):
    cancelled_by = forms.ChoiceField(
        label=_("Who called it off"), choices=CancelledBy.choices, widget=forms.RadioSelect
    )
    status_note = forms.CharField(label=_("Reason"), max_length=500, required=False)


class VisitRescheduleForm(EditForm, _When):
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    cancelled_by = forms.ChoiceField(
        label=_("Who asked to move it"), choices=CancelledBy.choices, widget=forms.RadioSelect, required=False
    )
    status_note = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args: Any, missed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if missed:
            # A missed visit stays missed: nobody cancelled it.
            del self.fields["cancelled_by"]
            self.fields["status_note"].label = _("Note")
        self.order_fields(["cancelled_by", "status_note", "visit_on", "starts_at", "duration_minutes"])


def _limit_words() -> str:
    return str(_("Up to %(max)s characters.")) % {"max": number_format(NOTE_MAX, force_grouping=True)}


NOTE_LABELS = {
    "observed": (_("What was observed of the relationship"), _("How caregiver and child were together.")),
    "offered": (_("What was offered"), _("Support, guidance, information; what the family took up.")),
    "caregiver_view": (_("The caregiver's view"), _("In their words, where possible.")),
    "reflection": (
        _("The practitioner's reflection"),
        _("What you noticed in yourself; what to take to supervision."),
    ),
    "next_steps": (_("Next steps"), _("What you and the family will do before the next visit.")),
}


class VisitNoteForm(forms.Form):
    # 0 until the note exists: its first save makes it.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (label, help_text) in NOTE_LABELS.items():
            # No max_length here: a browser would cut a long paste short without a word. The service
            # refuses more than the limit, and the page keeps all that was typed.
            self.fields[name] = forms.CharField(
                label=label,
                help_text=f"{help_text} {_limit_words()}",
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 4, "data-note-limit": NOTE_MAX}),
            )

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in NOTE_LABELS}


class NoteAddendumForm(CreateForm):
    text = forms.CharField(
        label=_("Addendum"),
        help_text=_("Added below the signed note, with your name and the time; the note stays as signed."),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-note-limit": NOTE_MAX}),
    )


class GroupSessionForm(CreateForm):
    kind = forms.ChoiceField(label=_("Kind of group"), choices=GroupKind.choices, widget=forms.RadioSelect)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Start"), widget=TimeInput())
    duration_minutes = _minutes_field(_("Length"))
    place = forms.CharField(label=_("Place"), max_length=200)
    facilitators = _ManyUsers(
        label=_("Facilitators"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        facilitators = self.fields["facilitators"]
        assert isinstance(facilitators, forms.ModelMultipleChoiceField)
        facilitators.queryset = staff


class _Attendance(forms.Form):
    def add_people(self, people: FamilyPeople) -> None:
        self.people = people
        self.fields["present"] = forms.MultipleChoiceField(
            label=_("Who of the family came"),
            choices=people.present_choices(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["note"] = forms.CharField(
            label=_("Note about this family"),
            help_text=_("About this family only: it is kept in their record. %(limit)s")
            % {"limit": _limit_words()},
            required=False,
            strip=False,
            widget=forms.Textarea(attrs={"rows": 3, "data-note-limit": NOTE_MAX}),
        )

    def present_people(self) -> list[Any]:
        by_uuid = self.people.by_uuid()
        return [by_uuid[u] for u in self.cleaned_data["present"] if u in by_uuid]


class GroupAttendanceForm(CreateForm, _Attendance):
    family = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, people: FamilyPeople, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_people(people)


class GroupAttendanceEditForm(EditForm, _Attendance):
    def __init__(self, *args: Any, people: FamilyPeople, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_people(people)
