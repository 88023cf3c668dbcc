"""Check an instrument definition and report every problem, not just the first.

The validator walks the raw JSON data so that one broken definition produces the complete list of
what must be fixed. Each error is one line: ``<where>: <what is wrong>``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeGuard

from .definition import (
    AGGREGATES,
    LICENCE_STATUSES,
    MISSING_KINDS,
    POSITIVE_KINDS,
    RESPONDENTS,
    SELECTIONS,
    SUBJECTS,
    TOTAL_FROM,
    WORDINGS,
)

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LOINC_PATTERN = re.compile(r"^(LA|LL)?\d{1,6}-\d$")
FILE_NAME_PATTERN = re.compile(r"^(?P<id>[a-z0-9-]+)@(?P<version>\d+)\.json$")


class _Errors:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.messages.append(f"{where}: {message}")


def _as_list(errors: _Errors, data: Mapping[str, Any], key: str, where: str) -> list[Any]:
    """An optional list field; anything else is reported and treated as empty."""
    value = data.get(key, [])
    if not isinstance(value, list):
        errors.add(where, "must be a list")
        return []
    return value


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_pair(low: Any, high: Any) -> tuple[int, int] | tuple[None, None]:
    """Both bounds as integers with low <= high, or (None, None)."""
    if _is_int(low) and _is_int(high) and low <= high:
        return low, high
    return None, None


def _text(errors: _Errors, data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> None:
    value = data.get(key)
    if value is None:
        if required:
            errors.add(f"{where}{key}", "is required")
        return
    if not isinstance(value, str) or not value.strip():
        errors.add(f"{where}{key}", "must be a non-empty string")


def _choice(errors: _Errors, value: Any, allowed: tuple[str, ...], where: str) -> None:
    if value not in allowed:
        errors.add(where, f"must be one of {', '.join(allowed)} (got {value!r})")


def _loinc(errors: _Errors, value: Any, where: str) -> None:
    if value is not None and not (isinstance(value, str) and LOINC_PATTERN.match(value)):
        errors.add(where, f"is not a LOINC code (got {value!r})")


def _options(errors: _Errors, options: Any, where: str) -> list[int]:
    if not isinstance(options, list) or len(options) < 2:
        errors.add(where, "must list at least two options in printed order")
        return []
    scores = []
    for n, option in enumerate(options):
        here = f"{where}[{n}]"
        if not isinstance(option, Mapping):
            errors.add(here, "must be an object")
            continue
        if not _is_int(option.get("score")):
            errors.add(f"{here}.score", "must be an integer")
        else:
            scores.append(option["score"])
        _text(errors, option, "label", f"{here}.", required=False)
        _loinc(errors, option.get("loinc"), f"{here}.loinc")
    return scores


def _items(errors: _Errors, data: Mapping[str, Any]) -> dict[str, list[int]]:
    """Validate the items; return each valid item's option scores by item id."""
    option_sets = data.get("option_sets", {})
    if not isinstance(option_sets, Mapping):
        errors.add("option_sets", "must be an object of named option lists")
        option_sets = {}
    for name, options in option_sets.items():
        _options(errors, options, f"option_sets.{name}")
    items = data.get("items")
    if not isinstance(items, list) or not items:
        errors.add("items", "must be a non-empty list")
        return {}
    shipped = data.get("wording") == "shipped"
    scores_by_item: dict[str, list[int]] = {}
    seen_optional = False
    for n, item in enumerate(items):
        where = f"items[{n}]"
        if not isinstance(item, Mapping):
            errors.add(where, "must be an object")
            continue
        item_id = item.get("id")
        if not isinstance(item_id, str) or not item_id:
            errors.add(f"{where}.id", "must be a non-empty string")
            item_id = f"#{n}"
        elif item_id in scores_by_item:
            errors.add(f"{where}.id", f"duplicates item {item_id!r}")
        if item.get("number") != n + 1:
            errors.add(f"{where}.number", f"must be {n + 1} (items are numbered in printed order)")
        if shipped and not (isinstance(item.get("text"), str) and item["text"].strip()):
            errors.add(f"{where}.text", "is required when wording is shipped")
        if not shipped and item.get("text") is not None:
            errors.add(f"{where}.text", "must be absent: this instrument's wording is licensed, not shipped")
        options = item.get("options")
        scores: list[int] = []
        if isinstance(options, str):
            if options in option_sets and isinstance(option_sets[options], list):
                # The named set was checked above; only collect its scores here.
                named = option_sets[options]
                scores = [o["score"] for o in named if isinstance(o, Mapping) and _is_int(o.get("score"))]
            else:
                errors.add(f"{where}.options", f"names an unknown option set {options!r}")
        else:
            scores = _options(errors, options, f"{where}.options")
        _choice(errors, item.get("select", "single"), SELECTIONS, f"{where}.select")
        for key in ("scored", "optional"):
            if not isinstance(item.get(key, False), bool):
                errors.add(f"{where}.{key}", "must be true or false")
        if item.get("optional"):
            if item.get("scored", True):
                errors.add(f"{where}.optional", "only an unscored item may be optional")
            seen_optional = True
        elif seen_optional:
            errors.add(f"{where}.optional", "optional items must come last")
        _loinc(errors, item.get("loinc"), f"{where}.loinc")
        for f, flag in enumerate(_as_list(errors, item, "flags", f"{where}.flags")):
            here = f"{where}.flags[{f}]"
            if not isinstance(flag, Mapping) or not isinstance(flag.get("id"), str):
                errors.add(here, "must be an object with an id")
                continue
            if not _is_int(flag.get("min_score")):
                errors.add(f"{here}.min_score", "must be an integer")
            elif scores and flag["min_score"] > max(scores):
                errors.add(f"{here}.min_score", "is above every option's score, so the flag can never fire")
        if scores and item.get("scored", True):
            scores_by_item[item_id] = scores
    return scores_by_item


def _subscales(errors: _Errors, data: Mapping[str, Any], item_ids: set[str]) -> set[str]:
    ids: set[str] = set()
    for n, subscale in enumerate(_as_list(errors, data, "subscales", "subscales")):
        where = f"subscales[{n}]"
        if not isinstance(subscale, Mapping):
            errors.add(where, "must be an object")
            continue
        sid = subscale.get("id")
        if not isinstance(sid, str) or not ID_PATTERN.match(sid.replace("_", "-")):
            errors.add(f"{where}.id", "must be a lower-case identifier")
        elif sid in ids:
            errors.add(f"{where}.id", f"duplicates subscale {sid!r}")
        else:
            ids.add(sid)
        _text(errors, subscale, "label", f"{where}.")
        members = subscale.get("items")
        if not isinstance(members, list) or not members:
            errors.add(f"{where}.items", "must list at least one item id")
        else:
            for member in members:
                if str(member) not in item_ids:
                    errors.add(f"{where}.items", f"names an unknown or unscored item {member!r}")
        _choice(errors, subscale.get("aggregate", "sum"), AGGREGATES, f"{where}.aggregate")
        if subscale.get("positive_min") is not None and not _is_int(subscale["positive_min"]):
            errors.add(f"{where}.positive_min", "must be an integer")
    return ids


def _skips(errors: _Errors, data: Mapping[str, Any], scores: dict[str, list[int]]) -> None:
    """Each skip names an earlier scored item and some of its scores, and later items that have the
    score they are given when skipped."""
    items = data.get("items")
    order = {
        str(item.get("id")): n
        for n, item in enumerate(items if isinstance(items, list) else [])
        if isinstance(item, Mapping)
    }
    for n, rule in enumerate(_as_list(errors, data, "skip", "skip")):
        where = f"skip[{n}]"
        if not isinstance(rule, Mapping):
            errors.add(where, "must be an object")
            continue
        when = rule.get("when")
        trigger = when.get("item") if isinstance(when, Mapping) else None
        if not isinstance(trigger, str) or trigger not in scores:
            errors.add(f"{where}.when.item", f"must name a scored item (got {trigger!r})")
            trigger = None
        when_scores = when.get("scores") if isinstance(when, Mapping) else None
        if not isinstance(when_scores, list) or not when_scores or not all(_is_int(v) for v in when_scores):
            errors.add(f"{where}.when.scores", "must list the trigger item's scores that skip")
        elif trigger is not None and not set(when_scores) <= set(scores[trigger]):
            errors.add(
                f"{where}.when.scores", f"must be scores of item {trigger!r}, {sorted(set(scores[trigger]))}"
            )
        score_as = rule.get("score_as")
        if not _is_int(score_as):
            errors.add(f"{where}.score_as", "must be an integer")
            score_as = None
        skipped = rule.get("items")
        if not isinstance(skipped, list) or not skipped:
            errors.add(f"{where}.items", "must list the items skipped")
            continue
        for member in skipped:
            if not isinstance(member, str) or member not in scores:
                errors.add(f"{where}.items", f"names an unknown or unscored item {member!r}")
            elif trigger is not None and order.get(member, -1) <= order.get(trigger, -1):
                errors.add(f"{where}.items", f"item {member!r} must come after item {trigger!r}")
            elif score_as is not None and score_as not in scores[member]:
                errors.add(f"{where}.score_as", f"is not a score of item {member!r}")


def _total_range(data: Mapping[str, Any], scores: dict[str, list[int]]) -> tuple[int, int] | None:
    if data.get("total_from", "items") == "items":
        return sum(min(s) for s in scores.values()), sum(max(s) for s in scores.values())
    low = high = 0
    subscales = data.get("subscales")
    if not isinstance(subscales, list):
        return None
    for subscale in subscales:
        if not isinstance(subscale, Mapping) or not isinstance(subscale.get("items"), list):
            return None
        members = [scores.get(str(m)) for m in subscale["items"]]
        if not members or any(m is None for m in members):
            return None
        present = [m for m in members if m is not None]
        if subscale.get("aggregate", "sum") == "max":
            low += min(min(m) for m in present)
            high += max(max(m) for m in present)
        else:
            low += sum(min(m) for m in present)
            high += sum(max(m) for m in present)
    return low, high


def _bands(errors: _Errors, data: Mapping[str, Any], total_range: tuple[int, int] | None) -> None:
    bands = data.get("bands")
    if not isinstance(bands, Mapping):
        errors.add("bands", "is required")
        return
    by = bands.get("by")
    if by == "positive":
        for side in ("positive", "negative"):
            band = bands.get(side)
            if not isinstance(band, Mapping):
                errors.add(f"bands.{side}", "is required when bands are cut by positivity")
                continue
            _text(errors, band, "id", f"bands.{side}.")
            _text(errors, band, "label", f"bands.{side}.")
        return
    if by != "total":
        errors.add("bands.by", f"must be total or positive (got {by!r})")
        return
    ranges = bands.get("ranges")
    if not isinstance(ranges, list) or not ranges:
        errors.add("bands.ranges", "must list at least one band")
        return
    ids: set[str] = set()
    expected = total_range[0] if total_range else None
    for n, band in enumerate(ranges):
        where = f"bands.ranges[{n}]"
        if not isinstance(band, Mapping):
            errors.add(where, "must be an object")
            continue
        _text(errors, band, "id", f"{where}.")
        _text(errors, band, "label", f"{where}.")
        band_id = band.get("id")
        if isinstance(band_id, str):
            if band_id in ids:
                errors.add(f"{where}.id", f"duplicates band {band_id!r}")
            ids.add(band_id)
        low, high = _int_pair(band.get("min"), band.get("max"))
        if low is None or high is None:
            errors.add(where, "needs integer min <= max")
            expected = None
            continue
        if expected is not None and low != expected:
            errors.add(f"{where}.min", f"must be {expected} so that bands neither gap nor overlap")
        expected = high + 1
    if total_range and expected is not None and expected - 1 != total_range[1]:
        errors.add("bands.ranges", f"must end at the highest possible total, {total_range[1]}")


def _positive(errors: _Errors, data: Mapping[str, Any], subscale_ids: set[str]) -> None:
    rule = data.get("positive")
    if not isinstance(rule, Mapping):
        errors.add("positive", "is required")
        return
    kind = rule.get("kind")
    _choice(errors, kind, POSITIVE_KINDS, "positive.kind")
    fields = data.get("context")
    contexts = {
        c["key"]: c
        for c in (fields if isinstance(fields, list) else [])
        if isinstance(c, Mapping) and isinstance(c.get("key"), str)
    }
    subscales = data.get("subscales")
    if kind == "any_subscale_positive":
        if not subscale_ids:
            errors.add("positive.kind", "any_subscale_positive needs subscales")
        for subscale in subscales if isinstance(subscales, list) else []:
            if isinstance(subscale, Mapping) and subscale.get("positive_min") is None:
                errors.add("positive.kind", f"subscale {subscale.get('id')!r} has no positive_min")
    elif rule.get("by_context") is not None:
        key = rule.get("context_key")
        if not isinstance(key, str) or key not in contexts:
            errors.add("positive.context_key", f"must name a declared context field (got {key!r})")
        else:
            by_context = rule["by_context"]
            declared = contexts[key].get("values")
            values = {str(v) for v in declared} if isinstance(declared, list) else set()
            if not isinstance(by_context, Mapping) or set(by_context) != values:
                errors.add("positive.by_context", f"must give a cut-off for each of {sorted(values)}")
            elif not all(_is_int(v) for v in by_context.values()):
                errors.add("positive.by_context", "cut-offs must be integers")
    elif kind in ("total_at_least", "any_item_at_least") and not _is_int(rule.get("value")):
        errors.add("positive.value", "must be an integer")


def _metadata(errors: _Errors, data: Mapping[str, Any]) -> None:
    iid = data.get("id")
    if not isinstance(iid, str) or not ID_PATTERN.match(iid):
        errors.add("id", "must be a lower-case id such as phq-9")
    if not _is_int(data.get("version")) or data["version"] < 1:
        errors.add("version", "must be a positive integer")
    for key in ("title", "citation"):
        _text(errors, data, key, "")
    _text(errors, data, "preamble", "", required=False)
    _choice(errors, data.get("respondent"), RESPONDENTS, "respondent")
    _choice(errors, data.get("subject"), SUBJECTS, "subject")
    _choice(errors, data.get("wording"), WORDINGS, "wording")
    if data.get("wording") != "shipped" and data.get("preamble") is not None:
        errors.add("preamble", "must be absent: this instrument's wording is licensed, not shipped")
    licence = data.get("licence")
    if not isinstance(licence, Mapping):
        errors.add("licence", "is required")
    else:
        _choice(errors, licence.get("status"), LICENCE_STATUSES, "licence.status")
        for key in ("holder", "terms"):
            _text(errors, licence, key, "licence.")
        if licence.get("status") == "restricted" and data.get("wording") == "shipped":
            errors.add("wording", "a restricted licence cannot ship its wording")
    _choice(errors, data.get("total_from", "items"), TOTAL_FROM, "total_from")
    missing = data.get("missing")
    if not isinstance(missing, Mapping):
        errors.add("missing", "is required")
    else:
        _choice(errors, missing.get("kind"), MISSING_KINDS, "missing.kind")
        if missing.get("max_missing") is not None and not _is_int(missing["max_missing"]):
            errors.add("missing.max_missing", "must be an integer")
    age = data.get("age_range")
    if age is not None:
        low, high = (
            _int_pair(age.get("min_months"), age.get("max_months"))
            if isinstance(age, Mapping)
            else (None, None)
        )
        if low is None or high is None or low < 0:
            errors.add("age_range", "needs integer min_months <= max_months")
    elif data.get("subject") == "child":
        errors.add("age_range", "is required for an instrument about a child")
    corrected = data.get("corrected_age", {"applies": False})
    if not isinstance(corrected, Mapping) or not isinstance(corrected.get("applies"), bool):
        errors.add("corrected_age.applies", "must be true or false")
    loinc = data.get("loinc", {})
    if not isinstance(loinc, Mapping):
        errors.add("loinc", "must be an object of LOINC codes")
    else:
        for key, code in loinc.items():
            _loinc(errors, code, f"loinc.{key}")
    for n, field in enumerate(_as_list(errors, data, "context", "context")):
        if not isinstance(field, Mapping) or not isinstance(field.get("key"), str):
            errors.add(f"context[{n}]", "must be an object with a key")
        elif not isinstance(field.get("values"), list) or not field["values"]:
            errors.add(f"context[{n}].values", "must list the allowed values")
        elif not all(isinstance(v, str) and v for v in field["values"]):
            errors.add(f"context[{n}].values", "must be non-empty strings")
        elif not isinstance(field.get("required", True), bool):
            errors.add(f"context[{n}].required", "must be true or false")


def validate_definition(data: Any) -> list[str]:
    """Return every problem with a definition's data; an empty list means it is valid."""
    if not isinstance(data, Mapping):
        return ["definition: must be a JSON object"]
    errors = _Errors()
    _metadata(errors, data)
    scores = _items(errors, data)
    subscale_ids = _subscales(errors, data, set(scores))
    _skips(errors, data, scores)
    if data.get("total_from") == "subscales" and not subscale_ids:
        errors.add("total_from", "subscales needs at least one subscale")
    total_range = _total_range(data, scores) if scores else None
    _bands(errors, data, total_range)
    _positive(errors, data, subscale_ids)
    return errors.messages


def validate_file_name(file_name: str, data: Any) -> list[str]:
    """A published file is named ``<id>@<version>.json`` after what it holds."""
    match = FILE_NAME_PATTERN.match(file_name)
    if not match:
        return [f"file name: {file_name!r} must look like <id>@<version>.json"]
    if not isinstance(data, Mapping):
        return []
    errors = []
    if data.get("id") != match["id"]:
        errors.append(f"file name: id {match['id']!r} does not match the definition's id {data.get('id')!r}")
    if data.get("version") != int(match["version"]):
        errors.append(
            f"file name: version {match['version']} does not match the definition's version "
            f"{data.get('version')!r}"
        )
    return errors
