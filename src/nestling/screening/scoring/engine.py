"""Score answers against an instrument definition.

Answers are positions: for each item, the 0-based position of the chosen option in the order the
published form prints it (``None`` when unanswered; a tuple of positions for a check-all-that-apply
item). Scores come only from the definition, so reverse-scored items need no special case here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .definition import Band, Definition, Item, Subscale

Answer = int | tuple[int, ...] | None


class ScoringError(ValueError):
    """The answers or context cannot be scored with this definition (bad input, not a bug)."""


@dataclass(frozen=True)
class Result:
    instrument: str
    version: int
    total: int | None
    band: str | None
    band_label: str | None
    action: str | None
    positive: bool | None
    flags: tuple[str, ...]
    subscales: Mapping[str, int | None]
    subscales_positive: Mapping[str, bool | None]
    item_scores: tuple[int | None, ...]  # a skipped item left blank has the score its skip gives it
    missing: tuple[str, ...] = field(default=())
    skipped: tuple[str, ...] = field(default=())  # items left blank as the form's own skip allows

    @property
    def complete(self) -> bool:
        return self.total is not None

    def summary(self) -> dict[str, Any]:
        """The stable shape printed by ``nestling score``."""
        return {
            "instrument": self.instrument,
            "version": self.version,
            "total": self.total,
            "band": self.band,
            "positive": self.positive,
            "flags": list(self.flags),
            "subscales": dict(self.subscales),
        }


def _positions(item: Item, answer: Answer) -> tuple[int, ...]:
    if answer is None:
        return ()
    chosen = (answer,) if isinstance(answer, int) else tuple(answer)
    if item.select == "single" and len(chosen) > 1:
        raise ScoringError(f"item {item.number} takes one answer, got {len(chosen)}")
    for position in chosen:
        if isinstance(position, bool) or not isinstance(position, int):
            raise ScoringError(f"item {item.number}: answer {position!r} is not a position")
        if not 0 <= position < len(item.options):
            raise ScoringError(
                f"item {item.number}: position {position} is out of range 0-{len(item.options) - 1}"
            )
    return chosen


def _item_score(item: Item, positions: tuple[int, ...]) -> int | None:
    if not positions:
        return None
    # A check-all-that-apply item counts its most concerning choice once.
    return max(item.options[p].score for p in positions)


def _check_context(definition: Definition, context: Mapping[str, str]) -> None:
    known = {f.key: f for f in definition.context}
    for key, value in context.items():
        if key not in known:
            raise ScoringError(f"{definition.id} takes no context {key!r}")
        if value not in known[key].values:
            allowed = "|".join(known[key].values)
            raise ScoringError(f"context {key}={value} is not one of {allowed}")
    for f in definition.context:
        if f.required and f.key not in context:
            raise ScoringError(f"{definition.id} needs context {f.key}={'|'.join(f.values)}")


def _aggregate(subscale: Subscale, scores: list[int]) -> int:
    return max(scores) if subscale.aggregate == "max" else sum(scores)


def _threshold(definition: Definition, context: Mapping[str, str]) -> int | None:
    rule = definition.positive
    if rule.by_context is not None and rule.context_key is not None:
        return rule.by_context[context[rule.context_key]]
    return rule.value


def _is_positive(
    definition: Definition,
    total: int | None,
    item_scores: Sequence[int | None],
    subscales_positive: Mapping[str, bool | None],
    context: Mapping[str, str],
) -> bool | None:
    if total is None:
        return None
    kind = definition.positive.kind
    threshold = _threshold(definition, context)
    if kind == "any_subscale_positive":
        return any(subscales_positive.values())
    assert threshold is not None  # the validator requires a value for these kinds
    if kind == "any_item_at_least":
        scored = [s for item, s in zip(definition.items, item_scores, strict=True) if item.scored]
        return any(s is not None and s >= threshold for s in scored)
    return total >= threshold


def _band(definition: Definition, total: int | None, positive: bool | None) -> Band | None:
    bands = definition.bands
    if total is None:
        return None
    if bands.by == "positive":
        return bands.positive if positive else bands.negative
    for band in bands.ranges:
        if band.min is not None and band.max is not None and band.min <= total <= band.max:
            return band
    return None


def skipped_items(definition: Definition, item_scores: Sequence[int | None]) -> dict[str, int]:
    """The items the answers given let the form skip, with the score each then takes."""
    by_id = {item.id: s for item, s in zip(definition.items, item_scores, strict=False)}
    skipped: dict[str, int] = {}
    for rule in definition.skips:
        if by_id.get(rule.when_item) in rule.when_scores:
            for item_id in rule.items:
                skipped.setdefault(item_id, rule.score_as)
    return skipped


def flagged_items(definition: Definition, answers: Sequence[Answer]) -> tuple[int, ...]:
    """Numbers of the items whose answer raises a safety flag, however much of the form is answered.
    Raises ScoringError for an answer that is not a position of its item."""
    numbers = []
    for item, answer in zip(definition.items, answers, strict=False):
        item_score = _item_score(item, _positions(item, answer))
        if item_score is not None and any(item_score >= flag.min_score for flag in item.flags):
            numbers.append(item.number)
    return tuple(numbers)


def score(
    definition: Definition, answers: Sequence[Answer], context: Mapping[str, str] | None = None
) -> Result:
    """Score one administration; raise ScoringError for answers or context that do not fit."""
    context = dict(context or {})
    items = definition.items
    if not definition.required_answer_count <= len(answers) <= len(items):
        expected = (
            str(len(items))
            if definition.required_answer_count == len(items)
            else f"{definition.required_answer_count}-{len(items)}"
        )
        raise ScoringError(f"{definition.id} takes {expected} answers, got {len(answers)}")
    _check_context(definition, context)
    padded = list(answers) + [None] * (len(items) - len(answers))
    answered = [
        _item_score(item, _positions(item, answer)) for item, answer in zip(items, padded, strict=True)
    ]
    skippable = skipped_items(definition, answered)
    skipped = tuple(
        item.id for item, s in zip(items, answered, strict=True) if s is None and item.id in skippable
    )
    item_scores = tuple(
        skippable[item.id] if item.id in skipped else s for item, s in zip(items, answered, strict=True)
    )
    by_id = {item.id: s for item, s in zip(items, item_scores, strict=True)}
    missing = tuple(item.id for item, s in zip(items, item_scores, strict=True) if item.scored and s is None)

    flags: list[str] = []
    for item, item_score in zip(items, answered, strict=True):
        for flag in item.flags:
            # Safety flags fire on what was answered, even when the form is incomplete.
            if item_score is not None and item_score >= flag.min_score and flag.id not in flags:
                flags.append(flag.id)

    rule = definition.missing
    count_as_zero = rule.kind == "count_as_zero" and (
        rule.max_missing is None or len(missing) <= rule.max_missing
    )

    def _filled(item_id: str) -> int | None:
        value = by_id[item_id]
        return 0 if value is None and count_as_zero else value

    subscales: dict[str, int | None] = {}
    subscales_positive: dict[str, bool | None] = {}
    for subscale in definition.subscales:
        values = [_filled(i) for i in subscale.items]
        present = [v for v in values if v is not None]
        value = _aggregate(subscale, present) if len(present) == len(values) else None
        subscales[subscale.id] = value
        subscales_positive[subscale.id] = (
            None if value is None or subscale.positive_min is None else value >= subscale.positive_min
        )

    total: int | None
    if missing and not count_as_zero:
        total = None
    elif definition.total_from == "subscales":
        values = list(subscales.values())
        total = None if any(v is None for v in values) else sum(v for v in values if v is not None)
    else:
        total = sum(_filled(item.id) or 0 for item in definition.scored_items)

    positive = _is_positive(definition, total, item_scores, subscales_positive, context)
    band = _band(definition, total, positive)
    return Result(
        instrument=definition.id,
        version=definition.version,
        total=total,
        band=band.id if band else None,
        band_label=band.label if band else None,
        action=band.action if band else None,
        positive=positive,
        flags=tuple(flags),
        subscales=subscales,
        subscales_positive=subscales_positive,
        item_scores=item_scores,
        missing=missing,
        skipped=skipped,
    )
