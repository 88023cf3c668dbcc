"""Typed form of an instrument definition file.

A definition is data: the JSON file is checked by ``validate.validate_definition`` first, and only a
definition that passed is turned into these frozen dataclasses by ``definition_from_dict``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

Respondent = Literal["caregiver", "practitioner"]
Subject = Literal["caregiver", "child", "relationship"]
Wording = Literal["shipped", "licensed-import"]
Selection = Literal["single", "multiple"]
Aggregate = Literal["sum", "max"]
TotalFrom = Literal["items", "subscales"]
MissingKind = Literal["require_all", "count_as_zero"]
PositiveKind = Literal["total_at_least", "any_item_at_least", "any_subscale_positive"]

RESPONDENTS: tuple[str, ...] = ("caregiver", "practitioner")
SUBJECTS: tuple[str, ...] = ("caregiver", "child", "relationship")
WORDINGS: tuple[str, ...] = ("shipped", "licensed-import")
SELECTIONS: tuple[str, ...] = ("single", "multiple")
AGGREGATES: tuple[str, ...] = ("sum", "max")
TOTAL_FROM: tuple[str, ...] = ("items", "subscales")
MISSING_KINDS: tuple[str, ...] = ("require_all", "count_as_zero")
POSITIVE_KINDS: tuple[str, ...] = ("total_at_least", "any_item_at_least", "any_subscale_positive")
LICENCE_STATUSES: tuple[str, ...] = ("open", "restricted")


@dataclass(frozen=True)
class Option:
    """One printed answer choice; its score already carries any reverse scoring."""

    score: int
    label: str | None = None
    loinc: str | None = None


@dataclass(frozen=True)
class Flag:
    """A safety flag raised when the item's score reaches ``min_score``."""

    id: str
    min_score: int


@dataclass(frozen=True)
class Item:
    id: str
    number: int
    options: tuple[Option, ...]
    text: str | None = None
    select: Selection = "single"
    scored: bool = True
    optional: bool = False
    loinc: str | None = None
    flags: tuple[Flag, ...] = ()

    @property
    def min_score(self) -> int:
        return min(option.score for option in self.options)

    @property
    def max_score(self) -> int:
        return max(option.score for option in self.options)


@dataclass(frozen=True)
class Subscale:
    id: str
    label: str
    items: tuple[str, ...]
    aggregate: Aggregate = "sum"
    positive_min: int | None = None


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    min: int | None = None
    max: int | None = None
    action: str | None = None


@dataclass(frozen=True)
class Bands:
    """Bands are cut from the total (``by="total"``) or from the positivity rule (``by="positive"``)."""

    by: Literal["total", "positive"]
    ranges: tuple[Band, ...] = ()
    positive: Band | None = None
    negative: Band | None = None


@dataclass(frozen=True)
class PositiveRule:
    kind: PositiveKind
    value: int | None = None
    context_key: str | None = None
    by_context: Mapping[str, int] | None = None


@dataclass(frozen=True)
class MissingRule:
    kind: MissingKind
    max_missing: int | None = None


@dataclass(frozen=True)
class Skip:
    """The form's own skip: when `when_item` is answered with one of `when_scores`, the `items` are not
    asked, and left blank they score `score_as` (AUDIT-C: "Never" to question 1 skips 2 and 3, scored 0).
    An answer given to a skipped item anyway is scored as given."""

    when_item: str
    when_scores: tuple[int, ...]
    items: tuple[str, ...]
    score_as: int


@dataclass(frozen=True)
class ContextField:
    key: str
    values: tuple[str, ...]
    required: bool = True


@dataclass(frozen=True)
class AgeRange:
    min_months: int
    max_months: int


@dataclass(frozen=True)
class CorrectedAge:
    applies: bool
    until_months: int | None = None
    min_weeks_early: int | None = None


@dataclass(frozen=True)
class Licence:
    status: Literal["open", "restricted"]
    holder: str
    terms: str
    notice: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Definition:
    id: str
    version: int
    title: str
    respondent: Respondent
    subject: Subject
    wording: Wording
    licence: Licence
    citation: str
    items: tuple[Item, ...]
    bands: Bands
    positive: PositiveRule
    missing: MissingRule
    total_from: TotalFrom = "items"
    subscales: tuple[Subscale, ...] = ()
    context: tuple[ContextField, ...] = ()
    age_range: AgeRange | None = None
    corrected_age: CorrectedAge = CorrectedAge(applies=False)
    loinc: Mapping[str, str] | None = None
    preamble: str | None = None
    skips: tuple[Skip, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def subscale_range(self, subscale: Subscale) -> tuple[int, int]:
        items = [self.item(item_id) for item_id in subscale.items]
        if subscale.aggregate == "max":
            return min(i.min_score for i in items), max(i.max_score for i in items)
        return sum(i.min_score for i in items), sum(i.max_score for i in items)

    def total_range(self) -> tuple[int, int]:
        """The lowest and highest total the published key allows."""
        if self.total_from == "subscales":
            ranges = [self.subscale_range(s) for s in self.subscales]
        else:
            ranges = [(i.min_score, i.max_score) for i in self.scored_items]
        return sum(low for low, _ in ranges), sum(high for _, high in ranges)

    @property
    def required_answer_count(self) -> int:
        """Trailing optional items (an unscored 'difficulty' question) may be left off an answer list."""
        count = len(self.items)
        while count and self.items[count - 1].optional:
            count -= 1
        return count


def _band(data: Mapping[str, Any]) -> Band:
    return Band(
        id=data["id"],
        label=data["label"],
        min=data.get("min"),
        max=data.get("max"),
        action=data.get("action"),
    )


def _item(data: Mapping[str, Any]) -> Item:
    return Item(
        id=str(data["id"]),
        number=data["number"],
        text=data.get("text"),
        options=tuple(
            Option(score=o["score"], label=o.get("label"), loinc=o.get("loinc")) for o in data["options"]
        ),
        select=data.get("select", "single"),
        scored=data.get("scored", True),
        optional=data.get("optional", False),
        loinc=data.get("loinc"),
        flags=tuple(Flag(id=f["id"], min_score=f["min_score"]) for f in data.get("flags", ())),
    )


def _expand_items(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Resolve ``"options": "<set name>"`` references into the named option list."""
    option_sets: Mapping[str, Any] = data.get("option_sets", {})
    expanded = []
    for raw in data["items"]:
        item = dict(raw)
        if isinstance(item.get("options"), str):
            item["options"] = option_sets[item["options"]]
        expanded.append(item)
    return expanded


def definition_from_dict(data: Mapping[str, Any]) -> Definition:
    """Build a Definition from a dict that ``validate_definition`` accepted."""
    bands_data = data["bands"]
    if bands_data["by"] == "total":
        bands = Bands(by="total", ranges=tuple(_band(b) for b in bands_data["ranges"]))
    else:
        bands = Bands(
            by="positive", positive=_band(bands_data["positive"]), negative=_band(bands_data["negative"])
        )
    positive_data = data["positive"]
    age = data.get("age_range")
    corrected = data.get("corrected_age", {"applies": False})
    licence = data["licence"]
    return Definition(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        respondent=cast(Respondent, data["respondent"]),
        subject=cast(Subject, data["subject"]),
        wording=cast(Wording, data["wording"]),
        licence=Licence(
            status=licence["status"],
            holder=licence["holder"],
            terms=licence["terms"],
            notice=licence.get("notice"),
            url=licence.get("url"),
        ),
        citation=data["citation"],
        preamble=data.get("preamble"),
        items=tuple(_item(i) for i in _expand_items(data)),
        total_from=data.get("total_from", "items"),
        subscales=tuple(
            Subscale(
                id=s["id"],
                label=s["label"],
                items=tuple(str(i) for i in s["items"]),
                aggregate=s.get("aggregate", "sum"),
                positive_min=s.get("positive_min"),
            )
            for s in data.get("subscales", ())
        ),
        bands=bands,
        positive=PositiveRule(
            kind=positive_data["kind"],
            value=positive_data.get("value"),
            context_key=positive_data.get("context_key"),
            by_context=positive_data.get("by_context"),
        ),
        missing=MissingRule(kind=data["missing"]["kind"], max_missing=data["missing"].get("max_missing")),
        context=tuple(
            ContextField(key=c["key"], values=tuple(c["values"]), required=c.get("required", True))
            for c in data.get("context", ())
        ),
        age_range=AgeRange(age["min_months"], age["max_months"]) if age else None,
        corrected_age=CorrectedAge(
            applies=corrected["applies"],
            until_months=corrected.get("until_months"),
            min_weeks_early=corrected.get("min_weeks_early"),
        ),
        loinc=data.get("loinc"),
        skips=tuple(
            Skip(
                when_item=str(rule["when"]["item"]),
                when_scores=tuple(rule["when"]["scores"]),
                items=tuple(str(i) for i in rule["items"]),
                score_as=rule["score_as"],
            )
            for rule in data.get("skip", ())
        ),
    )
