"""The administration form, rendered from an instrument definition: one radio group per item (a group of
check boxes for a check-all-that-apply item), options in the printed order, values = option positions."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.families.forms import CreateForm, DateInput, EditForm
from nestling.screening.labels import InstrumentLabels
from nestling.screening.models import RiskLevel, SafetyAction
from nestling.screening.program import ROW_FIELDS, row_errors
from nestling.screening.scoring import Answer, default_library
from nestling.screening.scoring.engine import skipped_items
from nestling.screening.words import AGE_BASIS_LABELS, ANCHOR_LABELS, UNIT_LABELS, WHO_LABELS, short_name
from nestling.tasks.kinds import AUTOMATIC_OUTCOMES, DISCHARGE_OUTCOMES, TaskOutcome

# What the form calls each context key a definition may ask for, with its values in words.
CONTEXT_WORDS: dict[str, tuple[Any, Any, dict[str, Any]]] = {
    "sex": (
        gettext_lazy("Sex"),
        gettext_lazy("The cut-off for a positive screen is different for women and men."),
        {"female": gettext_lazy("Female"), "male": gettext_lazy("Male")},
    ),
}


def context_words(key: str) -> tuple[Any, Any, dict[str, Any]]:
    """A context key's label, help text and value labels; the key itself for one not listed."""
    return CONTEXT_WORDS.get(key, (key, "", {}))


class AnswerField(forms.ChoiceField):
    """One question's choice. A required question is still shown as required, but a blank answer is
    checked by the form's clean(), since a screen stopped before the end may leave questions blank."""

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            return
        super().validate(value)


class AdministrationForm(CreateForm):
    administered_on = forms.DateField(label=gettext_lazy("Administered on"), widget=DateInput())
    # The visit the screen is given during, when it is opened from one (`?visit=`).
    visit = forms.UUIDField(widget=forms.HiddenInput, required=False)
    stopped_early = forms.BooleanField(
        label=gettext_lazy("Stopped before the end"),
        help_text=gettext_lazy(
            "Keeps the answers given. The screen is not scored and stays due; an answer to a safety "
            "question still raises its alert."
        ),
        required=False,
    )

    def __init__(
        self, *args: Any, labels: InstrumentLabels, not_asked: frozenset[int] = frozenset(), **kwargs: Any
    ) -> None:
        """`not_asked`: numbers of the items left off the form (an M-CHAT-R Follow-Up asks only about
        the items the M-CHAT-R found at risk); they go to the engine unanswered."""
        super().__init__(*args, **kwargs)
        self.labels = labels
        self.definition = definition = labels.definition
        self.asked = [item for item in definition.items if item.number not in not_asked]
        if definition.missing.kind == "count_as_zero":
            # Its key scores a blank as 0, so a sheet left unfinished is not "unscored": only a
            # finished one is taken.
            del self.fields["stopped_early"]
        self.initial.setdefault("administered_on", timezone.localdate())
        for context in definition.context:
            label, help_text, value_labels = context_words(context.key)
            self.fields[f"context_{context.key}"] = forms.ChoiceField(
                label=label,
                help_text=help_text,
                choices=[(value, value_labels.get(value, value)) for value in context.values],
                required=context.required,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one: the cut-off depends on it.")},
            )
        for item in self.asked:
            choices = [
                (str(position), labels.choice(item, position)) for position in range(len(item.options))
            ]
            field: forms.Field
            if item.select == "multiple":
                field = forms.MultipleChoiceField(
                    choices=choices, required=False, widget=forms.CheckboxSelectMultiple
                )
            else:
                field = AnswerField(choices=choices, required=not item.optional, widget=forms.RadioSelect)
            field.label = labels.question(item)
            field.help_text = self._skip_words(labels, item.id)
            self.fields[f"item_{item.id}"] = field

    def _skip_words(self, labels: InstrumentLabels, item_id: str) -> str:
        """When the form's own skip lets this question be left blank, in words."""
        for rule in self.definition.skips:
            if item_id in rule.items:
                trigger = self.definition.item(rule.when_item)
                choices = [
                    labels.choice(trigger, n)
                    for n, o in enumerate(trigger.options)
                    if o.score in rule.when_scores
                ]
                return _("Leave blank if question %(n)s was answered “%(choices)s”.") % {
                    "n": trigger.number,
                    "choices": "”, “".join(str(c) for c in choices),
                }
        return ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Questions the answers given let the form skip ("Never" to AUDIT-C question 1) need no answer.
        skipped = skipped_items(self.definition, self._chosen_scores(cleaned))
        unanswered = [
            item
            for item in self.asked
            if item.select == "single"
            and cleaned.get(f"item_{item.id}") in (None, "")
            and item.id not in skipped
        ]
        if cleaned.get("stopped_early"):
            if len(unanswered) == len(self.asked):
                self.add_error("stopped_early", _("Answer at least one question to keep a stopped screen."))
        else:
            for item in unanswered:
                if not item.optional:
                    self.add_error(f"item_{item.id}", _("Choose an answer."))
        return cleaned

    def _chosen_scores(self, cleaned: dict[str, Any]) -> list[int | None]:
        scores: list[int | None] = []
        for item in self.definition.items:
            raw = cleaned.get(f"item_{item.id}")
            position = (
                int(raw) if item.select == "single" and isinstance(raw, str) and raw.isdigit() else None
            )
            known = position is not None and position < len(item.options)
            scores.append(item.options[position].score if known and position is not None else None)
        return scores

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{item.id}"] for item in self.asked]

    def worded_item_fields(self) -> list[dict[str, Any]]:
        """Each question's field with the `lang` its wording and its choices need on this page."""
        return [
            {
                "field": self[f"item_{item.id}"],
                "label_lang": self.labels.question_lang(item),
                "choices_lang": self.labels.choices_lang(item),
            }
            for item in self.asked
        ]

    def other_fields(self) -> list[forms.BoundField]:
        return [
            self[name] for name in self.fields if not name.startswith("item_") and name != "stopped_early"
        ]

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


class OutcomeForm(forms.Form):
    """What was done, for a record that closes only once it is said: a choice, and the note that
    "Other" needs. Subclasses name the choices and the message for a missing one."""

    outcome_choices: Any = ()
    missing_message: Any = gettext_lazy("Choose what was done.")

    kind = forms.ChoiceField(label=gettext_lazy("What was done"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        help_text=gettext_lazy("Required for 'Other': say what was done."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = self.outcome_choices
        kind.error_messages["required"] = self.missing_message


class FollowUpDoneForm(OutcomeForm, EditForm):
    rescreen_on = forms.DateField(
        label=gettext_lazy("Screen again on"),
        help_text=gettext_lazy(
            "With 'Screen again soon': when the screen is due again (in two weeks if empty)."
        ),
        required=False,
        widget=DateInput(),
    )

    # Giving the follow-on screen, or marking the screen entered in error, closes the task by itself; a
    # discharge closes it from the discharge page.
    outcome_choices = [c for c in TaskOutcome.choices if c[0] not in AUTOMATIC_OUTCOMES | DISCHARGE_OUTCOMES]


class EnteredInErrorForm(EditForm):
    reason = forms.CharField(
        label=gettext_lazy("What went wrong"),
        help_text=gettext_lazy("For example: given to the wrong caregiver, or the wrong form was used."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={
            "required": gettext_lazy("Say what went wrong, for whoever reads this record later.")
        },
    )


NUMBER_ERRORS = {
    "required": gettext_lazy("Enter a number."),
    "invalid": gettext_lazy("Enter a whole number."),
    "min_value": gettext_lazy("0 or more."),
    "max_value": gettext_lazy("At most %(limit_value)s."),
}


def _choices(labels: dict[str, Any]) -> list[tuple[str, Any]]:
    # A blank first choice, so an empty line added at the end of the table stays empty when sent.
    return [("", "—"), *labels.items()]


class ScheduleRowForm(forms.Form):
    """One line of a program's schedule: which screen, for whom, counted from what, with its window."""

    instrument = forms.ChoiceField(label=gettext_lazy("Screen"))
    who = forms.ChoiceField(label=gettext_lazy("For"), choices=_choices(WHO_LABELS))
    offset = forms.IntegerField(label=gettext_lazy("At"), min_value=0, max_value=600)
    unit = forms.ChoiceField(label=gettext_lazy("Unit"), choices=_choices(UNIT_LABELS))
    anchor = forms.ChoiceField(label=gettext_lazy("After"), choices=_choices(ANCHOR_LABELS))
    age_basis = forms.ChoiceField(label=gettext_lazy("Age"), choices=_choices(AGE_BASIS_LABELS))
    window_before_days = forms.IntegerField(label=gettext_lazy("Days before"), min_value=0, max_value=365)
    window_after_days = forms.IntegerField(label=gettext_lazy("Days after"), min_value=0, max_value=365)
    stale_after_days = forms.IntegerField(
        label=gettext_lazy("Stop showing after (days)"), min_value=0, max_value=730
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        instrument_field = self.fields["instrument"]
        assert isinstance(instrument_field, forms.ChoiceField)
        instrument_field.choices = [("", "—")] + [
            (d.id, short_name(d))
            for d in sorted(default_library().latest(), key=short_name)
            if d.subject in ("caregiver", "child")
        ]
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField):
                field.widget.attrs["inputmode"] = "numeric"
                field.error_messages.update(NUMBER_ERRORS)

    def clean(self) -> dict[str, Any]:
        """The line's own sense (screen for the right person, counted from an event they have, at an age
        the screen is for), so every line's problems show beside it in one round."""

        cleaned = super().clean() or {}
        if all(name in cleaned for name in ROW_FIELDS):
            for message in row_errors({name: cleaned[name] for name in ROW_FIELDS}, default_library()):
                self.add_error(None, message)
        return cleaned


class BaseScheduleFormSet(forms.BaseFormSet[ScheduleRowForm]):
    def rows(self) -> list[dict[str, Any]]:
        """The kept lines as rows for ``program.schedule_errors``, in the order shown."""

        kept = []
        for index, form in enumerate(self.forms):
            blank_extra = index >= self.initial_form_count() and not form.has_changed()
            if blank_extra or (form.is_bound and form.cleaned_data.get("DELETE")):
                continue
            kept.append({name: form.cleaned_data[name] for name in ROW_FIELDS})
        return kept


ScheduleFormSet = cast(
    type[BaseScheduleFormSet],
    forms.formset_factory(
        ScheduleRowForm, formset=BaseScheduleFormSet, extra=3, can_delete=True, max_num=60, absolute_max=60
    ),
)


class ScheduleVersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _local_now_minute() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class SafetyResponseForm(forms.Form):
    """The response to an urgent safety alert: the risk assessed, what was done, a note, and when (now,
    unless the response was given earlier and is recorded afterwards). A correction carries the version
    it was read at."""

    risk = forms.ChoiceField(
        label=gettext_lazy("Risk you assessed"),
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the risk you assessed.")},
    )
    actions = forms.MultipleChoiceField(
        label=gettext_lazy("What was done"),
        choices=SafetyAction.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Tick each one. At high or imminent risk, at least one."),
        error_messages={"invalid_choice": gettext_lazy("Choose actions from the list.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        help_text=gettext_lazy("What you saw and agreed; required when no action was needed."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    responded_at = forms.DateTimeField(
        label=gettext_lazy("When you responded"),
        help_text=gettext_lazy("Now, or earlier if you are recording a response given before."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": gettext_lazy("Enter the date and time you responded."),
            "invalid": gettext_lazy("Enter the date and time you responded, as day, month, year and time."),
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("responded_at", _local_now_minute())
        super().__init__(*args, **kwargs)
