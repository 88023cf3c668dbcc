"""What a row of the access matrix says: a URL pattern, the methods its view accepts, the objects it is
tried against, and what each persona must get for each method."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nestling.accounts.models import User
    from tests.access.matrix.world import MatrixWorld

# The caregiver is a mother of family A with a portal account; the other caregiver, the father of the same
# child, has one too: neither may see the other's answers or contact details.
PERSONAS = (
    "anonymous",
    "practitioner",
    "colleague",
    "supervisor",
    "manager",
    "admin",
    "privacy",
    "outsider",
    "caregiver",
    "other_caregiver",
)
SIGNED_IN = PERSONAS[1:]
CAREGIVERS = ("caregiver", "other_caregiver")
STAFF_SIGNED_IN = tuple(p for p in SIGNED_IN if p not in CAREGIVERS)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
GET = ("GET",)
GET_POST = ("GET", "POST")
POST = ("POST",)

LOGIN = "login"  # a redirect to the sign-in page
DENIED = 404  # what an unlisted persona gets: the same answer as for a record that does not exist
Outcome = int | str
Table = Mapping[str, Mapping[str, Outcome]]  # method -> persona -> outcome


@dataclass(frozen=True)
class Scene:
    """A target made concrete in the world: the URL's arguments and what the request sends."""

    kwargs: dict[str, object] = field(default_factory=dict)
    audited_as: str | None = None  # a denial's row names this id (the family asked for, or the record)
    query: str = ""
    data: dict[str, str] = field(default_factory=dict)  # the POST payload, valid for whoever may send it
    # For machine-facing routes (the API): request headers (the persona's bearer token, If-Match), which
    # an anonymous request goes without, and a JSON body instead of a form.
    headers: dict[str, str] = field(default_factory=dict)
    json: dict[str, object] | None = None


# Makes the scene for the persona who sends the request (for anonymous: what a practitioner would send).
SceneMaker = Callable[["MatrixWorld", "User"], Scene]


def no_object(world: MatrixWorld, user: User) -> Scene:
    return Scene()


@dataclass(frozen=True)
class Target:
    """One object a pattern is tried against (own, foreign, ...), and the outcome per method and persona.

    A persona a method's table does not list gets 404, audited once. No answer names a family the persona
    may not see, but those in `shows`.
    """

    label: str
    scene: SceneMaker
    expect: Table
    shows: frozenset[str] = frozenset()  # names of families the page may show to whoever may open it

    def outcome(self, method: str, persona: str) -> Outcome:
        return self.expect.get(method, {}).get(persona, DENIED)

    def allowed(self) -> frozenset[str]:
        """Personas this object is open to by some method: they must get 405 for the other methods."""
        return frozenset(
            persona
            for table in self.expect.values()
            for persona, outcome in table.items()
            if isinstance(outcome, int) and outcome < 400
        )


@dataclass(frozen=True)
class Pattern:
    """A URL pattern by its route (converters included), the methods its view accepts, and the objects it
    is tried against. The first target is also tried with every method the view does not accept: the
    method guard does not depend on which object is asked for."""

    route: str
    name: str
    methods: tuple[str, ...]
    targets: tuple[Target, ...]


def anyone(outcome: Outcome, *, anonymous: Outcome = LOGIN) -> dict[str, Outcome]:
    return {"anonymous": anonymous, **dict.fromkeys(SIGNED_IN, outcome)}


def only(*personas: str, outcome: Outcome = 200) -> dict[str, Outcome]:
    """These personas get `outcome`, anonymous the sign-in page, everyone else 404."""
    return {"anonymous": LOGIN, **dict.fromkeys(personas, outcome)}
