"""The pages around the record: the landing redirect and health check, the caseload, search and intake,
the team, program and staff pages, the organization's settings, emergency access and the audit trail."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable

from nestling.accounts.models import User
from nestling.organizations.models import Program
from tests.access.matrix.shapes import (
    GET,
    GET_POST,
    POST,
    Pattern,
    Scene,
    SceneMaker,
    Table,
    Target,
    anyone,
    no_object,
    only,
)
from tests.access.matrix.world import MatrixWorld

MAY_OPEN_GLASS = ("practitioner", "colleague", "supervisor", "manager", "outsider")


def page(
    route: str,
    name: str,
    expect: Table,
    methods: tuple[str, ...] = GET,
    scene: SceneMaker = no_object,
    shows: frozenset[str] = frozenset(),
) -> Pattern:
    """A page that names no object."""
    return Pattern(route, name, methods, (Target("page", scene, expect, shows),))


def _object(kwarg: str, pick: Callable[[MatrixWorld], object]) -> SceneMaker:
    def scene(world: MatrixWorld, user: User) -> Scene:
        return Scene({kwarg: pick(world)}, data={"outcome": "appropriate", "note": "Seen, synthetic"})

    return scene


def _own_and_foreign(
    kwarg: str, own: Callable[[MatrixWorld], object], foreign: Callable[[MatrixWorld], object], expect: Table
) -> tuple[Target, ...]:
    """An object of the own organization, another organization's, and an id nothing has: outside the own
    organization, no one reaches it."""
    nobody = {method: only() for method in expect}
    return (
        Target("own", _object(kwarg, own), expect),
        Target("foreign", _object(kwarg, foreign), nobody),
        Target(f"unknown {kwarg.removesuffix('_uuid')}", _object(kwarg, lambda w: uuid.uuid4()), nobody),
    )


def _intake(world: MatrixWorld, user: User) -> Scene:
    program = Program.objects.filter(organization_id=user.organization_id).order_by("pk").first()
    assert program is not None
    return Scene(
        data={
            "client_id": str(uuid.uuid4()),
            "program": str(program.uuid),
            "name": "Synthetic intake",
            "enrolled_on": datetime.date.today().isoformat(),
            "referral_source": "self",
            "service_level": "promotion",
        }
    )


def _search(world: MatrixWorld, user: User) -> Scene:
    return Scene(query="?q=Synthetic")


def _glass_open(world: MatrixWorld, user: User) -> Scene:
    # A family of the person's own organization, by its exact reference.
    own_org = user.organization_id == world.people.org.pk
    family = world.colleagues.family if own_org else world.foreign.family
    return Scene(data={"reference": family.reference, "reason": "covering a crisis visit today, synthetic"})


def _settings(world: MatrixWorld, user: User) -> Scene:
    current = world.people.org.growth_reference
    return Scene(data={"growth_reference": "uk-who" if current != "uk-who" else "who"})


PATTERNS: list[Pattern] = [
    page("", "home", {"GET": anyone(302)}),
    page("healthz", "healthz", {"GET": anyone(200, anonymous=200)}),
    # The page a signed-in person works in says they are still there; it touches no record.
    page("session/keepalive", "session_keepalive", {"POST": anyone(204, anonymous=401)}, POST),
    page("caseload/", "caseload", {"GET": only("practitioner", "colleague", "supervisor", "outsider")}),
    page(
        "search/",
        "family_search",
        {"GET": only("practitioner", "colleague", "supervisor", "manager", "outsider")},
        scene=_search,
    ),
    # Intake: a practitioner opens a family onto their own caseload.
    page(
        "families/new/",
        "family_add",
        {
            "GET": only("practitioner", "colleague", "outsider"),
            "POST": only("practitioner", "colleague", "outsider", outcome=302),
        },
        GET_POST,
        _intake,
    ),
    page("team/", "team", {"GET": only("supervisor")}),
    page("program/", "program_overview", {"GET": only("manager")}),
    page("staff/", "staff_list", {"GET": only("admin", "manager")}),
    Pattern(
        "staff/<uuid:user_uuid>/deactivate/",
        "staff_deactivate",
        POST,
        _own_and_foreign(
            "user_uuid",
            lambda w: w.people.colleague.uuid,
            lambda w: w.people.outsider.uuid,
            {"POST": only("admin", outcome=302)},
        ),
    ),
    page(
        "settings/",
        "organization_settings",
        {"GET": only("admin"), "POST": only("admin", outcome=302)},
        GET_POST,
        _settings,
    ),
    page(
        "emergency-access/",
        "break_glass_open",
        # Granted to whoever cannot open the colleague's family already; the others are told they can (200).
        {
            "GET": only(*MAY_OPEN_GLASS),
            "POST": {
                **only("colleague", "manager", "outsider"),
                **only("practitioner", "supervisor", outcome=302),
            },
        },
        GET_POST,
        _glass_open,
    ),
    # The privacy officer reviews every emergency access of the organization, so sees which family it opened.
    page(
        "emergency-access/review/",
        "break_glass_review",
        {"GET": only("privacy")},
        shows=frozenset({"Household A", "Household B", "Household C"}),
    ),
    Pattern(
        "emergency-access/review/<uuid:access_uuid>/",
        "break_glass_review_record",
        POST,
        _own_and_foreign(
            "access_uuid",
            lambda w: w.own.glass.uuid,
            lambda w: w.foreign.glass.uuid,
            {"POST": only("privacy", outcome=302)},
        ),
    ),
    page("audit/", "audit_list", {"GET": only("privacy")}),
]
