"""The worklist, the week's schedule and the calendar feed.

The worklist and the week are a practitioner's own and, for a reflective supervisor, each current
supervisee's (chosen by `?practitioner=`); anyone else's is not found. The calendar feed's page is for
whoever carries a caseload; the feed itself needs no session — its secret address is the key — and an
unknown or stopped address is not found, for everyone."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from nestling.accounts.models import User
from tests.access.matrix.shapes import (
    GET,
    GET_POST,
    SIGNED_IN,
    Pattern,
    Scene,
    SceneMaker,
    Target,
    anyone,
    no_object,
    only,
)
from tests.access.matrix.world import MatrixWorld

CARRIERS = ("practitioner", "colleague", "supervisor", "outsider")


def _whose(pick: Callable[[MatrixWorld], object]) -> SceneMaker:
    def scene(world: MatrixWorld, user: User) -> Scene:
        return Scene(query=f"?practitioner={pick(world)}")

    return scene


def _caseload_page(route: str, name: str) -> Pattern:
    """A page of one person's caseload: the reader's own by default, or the one they choose."""
    return Pattern(
        route,
        name,
        GET,
        (
            # Their own; a supervisor who carries none gets their first supervisee's.
            Target("own", no_object, {"GET": only(*CARRIERS)}),
            Target(
                "a supervisee's",
                _whose(lambda w: w.people.practitioner.uuid),
                {"GET": only("practitioner", "supervisor")},
            ),
            Target("a colleague's", _whose(lambda w: w.people.colleague.uuid), {"GET": only("colleague")}),
            Target(
                "another organization's", _whose(lambda w: w.people.outsider.uuid), {"GET": only("outsider")}
            ),
            Target("unknown person", _whose(lambda w: uuid.uuid4()), {"GET": only()}),
            Target("not an id", _whose(lambda w: "someone"), {"GET": only()}),
        ),
    )


def _make_feed(world: MatrixWorld, user: User) -> Scene:
    return Scene(data={"action": "make"})


def _token(pick: Callable[[MatrixWorld], str]) -> SceneMaker:
    def scene(world: MatrixWorld, user: User) -> Scene:
        return Scene({"token": pick(world)})

    return scene


NOT_FOUND = {"anonymous": 404, **dict.fromkeys(SIGNED_IN, 404)}

PATTERNS: list[Pattern] = [
    _caseload_page("worklist/", "worklist"),
    _caseload_page("week/", "week_schedule"),
    Pattern(
        "week/calendar/",
        "calendar_feed",
        GET_POST,
        (Target("page", _make_feed, {"GET": only(*CARRIERS), "POST": only(*CARRIERS, outcome=302)}),),
    ),
    # The feed: whoever holds the address reads it, signed in or not (no family's name is in it).
    Pattern(
        "calendar/<str:token>.ics",
        "calendar_feed_ics",
        GET,
        (
            Target(
                "the address in use",
                _token(lambda w: w.worklist.feed_token),
                {"GET": anyone(200, anonymous=200)},
            ),
            Target("a stopped address", _token(lambda w: w.worklist.stopped_token), {"GET": NOT_FOUND}),
            Target("an unknown address", _token(lambda w: "unknown-" + uuid.uuid4().hex), {"GET": NOT_FOUND}),
        ),
    ),
]
