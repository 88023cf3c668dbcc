"""Pathways as data: a versioned definition file per pathway, read and checked here (no Django).

A definition names what its steps count from (`anchor`: the start of pregnancy, the birth — the expected
birth until the baby is born — or the enrollment) and lists steps at a number of days from that day. Each
step is a material to read, a questionnaire to fill in, a visit to plan or a group session, for the
caregiver, the practitioner or both. A published version never changes: a changed pathway is a new file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

ANCHORS = ("pregnancy", "birth", "enrollment")
KINDS = ("material", "questionnaire", "visit", "group")
FOR = ("caregiver", "practitioner", "both")
DEFINITIONS_DIR = Path(__file__).parent / "definitions"

Anchor = Literal["pregnancy", "birth", "enrollment"]
StepKind = Literal["material", "questionnaire", "visit", "group"]
StepFor = Literal["caregiver", "practitioner", "both"]


class PathwayInvalid(ValueError):
    """A definition file that does not hold together; `errors` lists every problem."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass(frozen=True)
class Step:
    id: str
    day: int  # days from the anchor (negative: before it)
    kind: StepKind
    for_whom: StepFor
    titles: Mapping[str, str]  # language -> what the step is called
    material: str = ""  # a material's slug, for a material step
    instrument: str = ""  # an instrument id, for a questionnaire step

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles.get(language.split("-")[0]) or self.titles["en"]

    @property
    def for_caregiver(self) -> bool:
        return self.for_whom in ("caregiver", "both")

    @property
    def for_practitioner(self) -> bool:
        return self.for_whom in ("practitioner", "both")


@dataclass(frozen=True)
class Pathway:
    id: str
    version: int
    titles: Mapping[str, str]
    anchor: Anchor
    steps: tuple[Step, ...]

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles.get(language.split("-")[0]) or self.titles["en"]

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)


def _step_errors(raw: Mapping[str, object], where: str, seen: set[str]) -> list[str]:
    errors = []
    step_id = raw.get("id")
    if not isinstance(step_id, str) or not step_id:
        errors.append(f"{where}: a step needs an id")
    elif step_id in seen:
        errors.append(f"{where}: the id {step_id!r} is used twice")
    else:
        seen.add(step_id)
    if not isinstance(raw.get("day"), int):
        errors.append(f"{where}: day must be a whole number of days from the anchor")
    if raw.get("kind") not in KINDS:
        errors.append(f"{where}: kind must be one of {', '.join(KINDS)}")
    if raw.get("for") not in FOR:
        errors.append(f"{where}: for must be one of {', '.join(FOR)}")
    titles = raw.get("title")
    if not isinstance(titles, dict) or not isinstance(titles.get("en"), str):
        errors.append(f"{where}: title needs at least an English text (en)")
    if raw.get("kind") == "material" and not raw.get("material"):
        errors.append(f"{where}: a material step names its material")
    if raw.get("kind") == "questionnaire" and not raw.get("instrument"):
        errors.append(f"{where}: a questionnaire step names its instrument")
    return errors


def pathway_read(content: str) -> Pathway:
    """A definition from its JSON text; PathwayInvalid lists every problem at once."""
    try:
        raw = json.loads(content)
    except json.JSONDecodeError as error:
        raise PathwayInvalid([f"not JSON: {error}"]) from None
    errors: list[str] = []
    if not isinstance(raw.get("id"), str) or not isinstance(raw.get("version"), int):
        errors.append("a pathway needs an id and a whole-number version")
    if raw.get("anchor") not in ANCHORS:
        errors.append(f"anchor must be one of {', '.join(ANCHORS)}")
    titles = raw.get("title")
    if not isinstance(titles, dict) or not isinstance(titles.get("en"), str):
        errors.append("title needs at least an English text (en)")
    steps_raw = raw.get("steps")
    if not isinstance(steps_raw, list) or not steps_raw:
        errors.append("a pathway has at least one step")
        steps_raw = []
    seen: set[str] = set()
    for number, step in enumerate(steps_raw, start=1):
        errors += _step_errors(step, f"step {number}", seen)
    if errors:
        raise PathwayInvalid(errors)
    steps = tuple(
        sorted(
            (
                Step(
                    id=s["id"],
                    day=s["day"],
                    kind=s["kind"],
                    for_whom=s["for"],
                    titles=dict(s["title"]),
                    material=s.get("material", ""),
                    instrument=s.get("instrument", ""),
                )
                for s in steps_raw
            ),
            key=lambda s: (s.day, s.id),
        )
    )
    return Pathway(
        id=raw["id"], version=raw["version"], titles=dict(titles), anchor=raw["anchor"], steps=steps
    )


@cache
def pathway_library() -> Mapping[str, Pathway]:
    """Every shipped pathway version by key, read once per process."""
    pathways = {}
    for path in sorted(DEFINITIONS_DIR.glob("*.json")):
        pathway = pathway_read(path.read_text(encoding="utf-8"))
        if path.stem != pathway.key:
            raise PathwayInvalid([f"{path.name}: the file must be named {pathway.key}.json"])
        pathways[pathway.key] = pathway
    return pathways


def current_pathways() -> list[Pathway]:
    """The latest version of each pathway, by title."""
    latest: dict[str, Pathway] = {}
    for pathway in pathway_library().values():
        if pathway.id not in latest or latest[pathway.id].version < pathway.version:
            latest[pathway.id] = pathway
    return sorted(latest.values(), key=lambda p: p.titles["en"])
