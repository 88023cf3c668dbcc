"""The formulation form: one page for the five axes, with a fixed number of rows for diagnoses,
conditions and stressors and one block per caregiver–child relationship. It checks only the shape of the
input; the services decide (and name their errors by these field names)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nestling.families.forms import DateInput
from nestling.families.models import Relationship, RiskFactor
from nestling.formulation.goal_findings import Finding, finding_key, finding_words
from nestling.formulation.models import (
    COMPETENCY_DOMAINS,
    AdaptiveLevel,
    Certainty,
    Competence,
    Diagnosis,
    DiagnosisGroup,
    FormulationVersion,
    Occasion,
    Rating,
    Severity,
    StressorGroup,
)
from nestling.formulation.services import (
    ConditionDraft,
    DiagnosisDraft,
    FormulationDraft,
    RelationshipDraft,
    StressorDraft,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DIAGNOSIS_ROWS = 3
CONDITION_ROWS = 2
STRESSOR_ROWS = 3
BLANK = [("", "—")]


def _ratings() -> list[tuple[str, Any]]:
    return BLANK + list(Rating.choices)


class FormulationForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    formulated_on = forms.DateField(label=_("Formulated on"), widget=DateInput())
    occasion = forms.ChoiceField(label=_("Occasion"), choices=Occasion.choices)

    def __init__(
        self,
        data: Any = None,
        *,
        diagnoses: list[Diagnosis],
        relationships: list[Relationship],
        factors: list[RiskFactor],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.relationships = relationships
        grouped: dict[str, list[tuple[str, str]]] = {}
        for row in diagnoses:
            shown = f"{row.name} ({row.icd10})" if row.icd10 else row.name
            grouped.setdefault(str(DiagnosisGroup(row.group).label), []).append((row.key, shown))
        dx_choices: list[Any] = [("", "—"), *grouped.items()]
        for i in range(DIAGNOSIS_ROWS):
            p = f"dx{i}"
            self.fields[f"{p}-key"] = forms.ChoiceField(
                label=_("Diagnosis"), choices=dx_choices, required=False
            )
            self.fields[f"{p}-certainty"] = forms.ChoiceField(
                label=_("Provisional or confirmed"), choices=BLANK + list(Certainty.choices), required=False
            )
            self.fields[f"{p}-made_on"] = forms.DateField(
                label=_("Made on"), widget=DateInput(), required=False
            )
        for rel in relationships:
            p = f"rel-{rel.uuid}"
            who = rel.caregiver.full_name
            self.fields[f"{p}-level"] = forms.TypedChoiceField(
                label=_("%(who)s: level of adaptive functioning") % {"who": who},
                choices=BLANK + list(AdaptiveLevel.choices),
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"{p}-caregiving"] = forms.ChoiceField(
                label=_("%(who)s: caregiving dimensions") % {"who": who}, choices=_ratings(), required=False
            )
            self.fields[f"{p}-child_contributions"] = forms.ChoiceField(
                label=_("%(who)s: the child's contributions") % {"who": who},
                choices=_ratings(),
                required=False,
            )
            self.fields[f"{p}-note"] = forms.CharField(
                label=_("%(who)s: note") % {"who": who}, max_length=1000, required=False
            )
        self.fields["environment_level"] = forms.TypedChoiceField(
            label=_("Caregiving environment: level of adaptive functioning"),
            choices=BLANK + list(AdaptiveLevel.choices),
            coerce=int,
            empty_value=None,
            required=False,
        )
        environment: tuple[tuple[str, StrOrPromise], ...] = (
            ("coparenting", _("Co-parenting")),
            ("siblings", _("Siblings")),
            ("family_network", _("Family network")),
        )
        for name, label in environment:
            self.fields[name] = forms.ChoiceField(label=label, choices=_ratings(), required=False)
        for i in range(CONDITION_ROWS):
            p = f"cond{i}"
            self.fields[f"{p}-text"] = forms.CharField(
                label=_("Physical health condition"), max_length=300, required=False
            )
            self.fields[f"{p}-icd10"] = forms.CharField(label=_("ICD-10 code"), max_length=10, required=False)
        factor_choices = BLANK + [(str(f.uuid), f.description) for f in factors]
        for i in range(STRESSOR_ROWS):
            p = f"st{i}"
            self.fields[f"{p}-risk_factor"] = forms.ChoiceField(
                label=_("From a recorded risk factor"), choices=factor_choices, required=False
            )
            self.fields[f"{p}-group"] = forms.ChoiceField(
                label=_("Stressor group"), choices=BLANK + list(StressorGroup.choices), required=False
            )
            self.fields[f"{p}-description"] = forms.CharField(
                label=_("Stressor"), max_length=300, required=False
            )
            self.fields[f"{p}-onset_months"] = forms.IntegerField(
                label=_("Age of onset (months)"), min_value=0, max_value=120, required=False
            )
            self.fields[f"{p}-duration"] = forms.CharField(
                label=_("Duration"), max_length=100, required=False
            )
            self.fields[f"{p}-severity"] = forms.ChoiceField(
                label=_("Severity"), choices=BLANK + list(Severity.choices), required=False
            )
        for name, label in COMPETENCY_DOMAINS:
            self.fields[name] = forms.ChoiceField(
                label=label, choices=BLANK + list(Competence.choices), required=False
            )
        self.fields["overall_impression"] = forms.CharField(
            label=_("Overall impression"),
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=2000,
            required=False,
        )
        self.fields["narrative"] = forms.CharField(
            label=_("Formulation narrative"),
            widget=forms.Textarea(attrs={"rows": 6}),
            max_length=8000,
            required=False,
        )
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())

    def group(self, prefix: str) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(prefix)]

    @property
    def diagnosis_rows(self) -> list[list[forms.BoundField]]:
        return [self.group(f"dx{i}-") for i in range(DIAGNOSIS_ROWS)]

    @property
    def relationship_rows(self) -> list[tuple[Relationship, list[forms.BoundField]]]:
        return [(rel, self.group(f"rel-{rel.uuid}-")) for rel in self.relationships]

    @property
    def environment_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("environment_level", "coparenting", "siblings", "family_network")]

    @property
    def condition_rows(self) -> list[list[forms.BoundField]]:
        return [self.group(f"cond{i}-") for i in range(CONDITION_ROWS)]

    @property
    def stressor_rows(self) -> list[list[forms.BoundField]]:
        return [self.group(f"st{i}-") for i in range(STRESSOR_ROWS)]

    @property
    def competence_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _label in COMPETENCY_DOMAINS] + [self["overall_impression"]]

    def draft(self) -> FormulationDraft:
        """The form's values as a draft; rows left wholly blank are not part of it."""
        d = self.cleaned_data
        diagnoses = [
            DiagnosisDraft(f"dx{i}", d[f"dx{i}-key"], d[f"dx{i}-certainty"], d[f"dx{i}-made_on"])
            for i in range(DIAGNOSIS_ROWS)
            if d[f"dx{i}-key"] or d[f"dx{i}-certainty"] or d[f"dx{i}-made_on"]
        ]
        relationships = []
        for rel in self.relationships:
            p = f"rel-{rel.uuid}"
            values = (d[f"{p}-level"], d[f"{p}-caregiving"], d[f"{p}-child_contributions"], d[f"{p}-note"])
            if any(values):
                relationships.append(RelationshipDraft(p, rel.uuid, *values))
        conditions = [
            ConditionDraft(f"cond{i}", d[f"cond{i}-text"], d[f"cond{i}-icd10"])
            for i in range(CONDITION_ROWS)
            if d[f"cond{i}-text"] or d[f"cond{i}-icd10"]
        ]
        stressors = []
        for i in range(STRESSOR_ROWS):
            p = f"st{i}"
            names = ("group", "description", "onset_months", "duration", "severity", "risk_factor")
            if not any(d[f"{p}-{n}"] not in ("", None) for n in names):
                continue
            factor = d[f"{p}-risk_factor"]
            stressors.append(
                StressorDraft(
                    p,
                    d[f"{p}-group"],
                    d[f"{p}-description"],
                    d[f"{p}-onset_months"],
                    d[f"{p}-duration"],
                    d[f"{p}-severity"],
                    uuid.UUID(factor) if factor else None,
                )
            )
        return FormulationDraft(
            formulated_on=d["formulated_on"],
            occasion=d["occasion"],
            narrative=d["narrative"],
            diagnoses=diagnoses,
            relationships=relationships,
            environment_level=d["environment_level"],
            coparenting=d["coparenting"],
            siblings=d["siblings"],
            family_network=d["family_network"],
            conditions=conditions,
            stressors=stressors,
            competence={name: d[name] for name, _label in COMPETENCY_DOMAINS},
            overall_impression=d["overall_impression"],
        )


def initial_from(view_version: FormulationVersion, stressors: list[Any]) -> dict[str, Any]:
    """A revision starts from the latest version: its values, as the form's initial data."""
    v = view_version
    initial: dict[str, Any] = {
        "narrative": v.narrative,
        "environment_level": v.environment_level,
        "coparenting": v.coparenting,
        "siblings": v.siblings,
        "family_network": v.family_network,
        "overall_impression": v.overall_impression,
        "occasion": Occasion.REVIEW,
        **{name: getattr(v, name) for name, _label in COMPETENCY_DOMAINS},
    }
    for i, dx in enumerate(list(v.diagnoses.all())[:DIAGNOSIS_ROWS]):
        initial.update({f"dx{i}-key": dx.key, f"dx{i}-certainty": dx.certainty, f"dx{i}-made_on": dx.made_on})
    for rel in v.relationships.all():
        p = f"rel-{rel.relationship.uuid}"
        initial.update(
            {
                f"{p}-level": rel.level,
                f"{p}-caregiving": rel.caregiving,
                f"{p}-child_contributions": rel.child_contributions,
                f"{p}-note": rel.note,
            }
        )
    for i, c in enumerate(list(v.conditions.all())[:CONDITION_ROWS]):
        initial.update({f"cond{i}-text": c.text, f"cond{i}-icd10": c.icd10})
    # Only the stressors the reader may see are carried into the form (the others are not theirs to keep).
    for i, s in enumerate(stressors[:STRESSOR_ROWS]):
        initial.update(
            {
                f"st{i}-group": s.group,
                f"st{i}-description": s.description,
                f"st{i}-onset_months": s.onset_months,
                f"st{i}-duration": s.duration,
                f"st{i}-severity": s.severity,
                f"st{i}-risk_factor": str(s.risk_factor.uuid) if s.risk_factor_id else "",
            }
        )
    return initial


class CrosswalkRowForm(forms.Form):
    """One row of the organization's crosswalk: a shipped row's key to replace it, or none to add one."""

    key = forms.SlugField(widget=forms.HiddenInput, required=False, max_length=60)
    group = forms.ChoiceField(label=_("Group"), choices=DiagnosisGroup.choices)
    name = forms.CharField(label=_("Diagnosis"), max_length=200)
    icd10 = forms.CharField(label=_("ICD-10 code"), max_length=10, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    active = forms.BooleanField(label=_("Offered in formulations"), required=False, initial=True)


class GoalFindingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    finding = forms.ChoiceField(label=_("The formulation finding that motivated this goal"), required=False)

    def __init__(self, *args: Any, options: Sequence[Finding], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._options = {finding_key(f): f for f in options}
        field = self.fields["finding"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("None"))] + [(key, finding_words(f)) for key, f in self._options.items()]

    def chosen(self) -> Finding | None:
        return self._options.get(self.cleaned_data.get("finding") or "")
