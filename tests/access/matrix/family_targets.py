"""The objects every family-record pattern is tried against, and who may reach each.

- own: family A (the practitioner's caseload, under the supervisor, in the manager's program);
- foreign: family X, in another organization (the outsider's caseload);
- colleague's: family C (the colleague's caseload; nobody supervises the colleague);
- unknown family (or child): an id nothing has;
- another family's record: family A's URL naming family X's record, for patterns that name a record;
- a record of family A in a sensitive category, which no persona holds a grant for.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping

from nestling.accounts.models import User
from tests.access.matrix.shapes import LOGIN, Pattern, Scene, SceneMaker, Table, Target, only
from tests.access.matrix.world import MatrixWorld, Records

Who = Mapping[str, tuple[str, ...]]  # target label -> the personas who reach it
# Who reaches each family, by what the request does. The outsider alone reaches family X.
READ: Who = {"own": ("practitioner", "supervisor", "manager"), "colleague's": ("colleague", "manager")}
EDIT: Who = {"own": ("practitioner",), "colleague's": ("colleague",)}
# A safety alert is answered by its practitioner, their supervisor, or whoever carries the family.
RESPOND: Who = {"own": ("practitioner", "supervisor"), "colleague's": ("colleague",)}
SUCCESS = {"GET": 200, "POST": 302}

# URL arguments from the family of the URL and the family whose records it names (the same one, but for
# the "another family's record" target).
Kwargs = Callable[[Records, Records], dict[str, object]]
Data = Callable[[Records, User], dict[str, str]]  # the POST payload for these records, sent by this user


def in_family(**records: str) -> Kwargs:
    """The family's id, and each named record's (`caregiver_uuid="caregiver"`)."""

    def kwargs(family: Records, of: Records) -> dict[str, object]:
        return {"family_uuid": family.family.uuid} | {
            kwarg: getattr(of, attr).uuid for kwarg, attr in records.items()
        }

    return kwargs


def _scene(family: str, records: str, kwargs: Kwargs, data: Data | None) -> SceneMaker:
    """The URL of `family` ("own", "foreign", "colleagues") naming the records of `records`."""

    def scene(world: MatrixWorld, user: User) -> Scene:
        of = getattr(world, records)
        payload = data(of, user) if data is not None else {}
        url_family = getattr(world, family)
        return Scene(kwargs(url_family, of), audited_as=str(url_family.family.uuid), data=payload)

    return scene


def _unknown(kwargs: Kwargs, key: str, data: Data | None) -> SceneMaker:
    """The own target with an id nothing has as `key`: refused and audited like a foreign one."""

    def scene(world: MatrixWorld, user: User) -> Scene:
        missing = uuid.uuid4()
        payload = data(world.own, user) if data is not None else {}
        return Scene({**kwargs(world.own, world.own), key: missing}, audited_as=str(missing), data=payload)

    return scene


def _table(levels: Mapping[str, Who], label: str, success: Mapping[str, int]) -> Table:
    if label == "foreign":
        return {method: only("outsider", outcome=success[method]) for method in levels}
    return {method: only(*who.get(label, ()), outcome=success[method]) for method, who in levels.items()}


def family_pattern(
    route: str,
    name: str,
    levels: Mapping[str, Who],
    *,
    kwargs: Kwargs | None = None,
    data: Data | None = None,
    nested: bool = False,
    unknown: str = "family_uuid",
    closed: Mapping[str, Kwargs] | None = None,
    extra: tuple[Target, ...] = (),
    success: Mapping[str, int] = SUCCESS,
) -> Pattern:
    """A pattern of the family record: `levels` says, for each method it accepts, who reaches it.

    `nested` patterns name a record inside the family, so they are also tried with another family's record;
    `unknown` is the argument given an id nothing has; `closed` names records of the own family that no
    persona may reach (a sensitive category no one holds a grant for), by label; `success` is what an
    allowed request gets, by method (a page 200, a form's POST 302; a JSON endpoint's POST 200).
    """
    kwargs = kwargs or in_family()
    nobody: Table = {method: {"anonymous": LOGIN} for method in levels}
    targets = [
        Target("own", _scene("own", "own", kwargs, data), _table(levels, "own", success)),
        Target("foreign", _scene("foreign", "foreign", kwargs, data), _table(levels, "foreign", success)),
        Target(
            "colleague's",
            _scene("colleagues", "colleagues", kwargs, data),
            _table(levels, "colleague's", success),
        ),
        Target(f"unknown {unknown.removesuffix('_uuid')}", _unknown(kwargs, unknown, data), nobody),
    ]
    if nested:
        targets.append(Target("another family's record", _scene("own", "foreign", kwargs, data), nobody))
    targets += [
        Target(label, _scene("own", "own", record, data), nobody) for label, record in (closed or {}).items()
    ]
    return Pattern(route, name, tuple(levels), (*targets, *extra))
