"""Setting an organization up: inviting staff and the sign-up link, a staff member's account page and
roles, assignments of families, caseload moves, supervision links, and sensitive-category grants.

The organization admin manages accounts; the admin and the program manager manage assignments (so both
see which families there are: their names, never their records); the privacy officer gives grants. The
sign-up link is for whoever holds it, signed in or not."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable

from nestling.accounts.models import User
from tests.access.matrix.shapes import (
    GET,
    GET_POST,
    POST,
    Pattern,
    Scene,
    Table,
    Target,
    anyone,
    no_object,
    only,
)
from tests.access.matrix.world import MatrixWorld, StaffingSide

EVERY_FAMILY = frozenset({"Household A", "Household B", "Household C"})
PASSWORD = "a-long-synthetic-passphrase-42"


def _side(world: MatrixWorld, user: User) -> StaffingSide:
    """The staffing records of the sender's organization (a practitioner's, for anonymous)."""
    own = user.organization_id == world.people.org.pk
    return world.staffing.own if own else world.staffing.foreign


def _nobody(expect: Table) -> Table:
    return {method: only() for method in expect}


def _targets(
    own: Callable[[MatrixWorld, User], Scene],
    foreign: Callable[[MatrixWorld, User], Scene],
    expect: Table,
    shows: frozenset[str] = frozenset(),
) -> tuple[Target, ...]:
    return (Target("own", own, expect, shows), Target("foreign", foreign, _nobody(expect)))


def _person(
    pick: Callable[[MatrixWorld], User], data: dict[str, str] | None = None
) -> Callable[[MatrixWorld, User], Scene]:
    def scene(world: MatrixWorld, user: User) -> Scene:
        return Scene({"user_uuid": pick(world).uuid}, data=data or {})

    return scene


def _invite(world: MatrixWorld, user: User) -> Scene:
    return Scene(
        data={
            "first_name": "Synthetic",
            "last_name": "Newcomer",
            "email": "newcomer@own.test",
            "roles": "practitioner",
        }
    )


def _role_remove(foreign: bool) -> Callable[[MatrixWorld, User], Scene]:
    def scene(world: MatrixWorld, user: User) -> Scene:
        side = world.staffing.foreign if foreign else world.staffing.own
        return Scene({"user_uuid": side.invited.uuid, "assignment_id": side.role_id})

    return scene


def _move(world: MatrixWorld, user: User) -> Scene:
    people = world.people
    return Scene(
        {"user_uuid": people.colleague.uuid},
        data={
            "to_user": str(people.practitioner.pk),
            "families": str(people.family_c.uuid),
            "reason": "Leaving the program, synthetic",
        },
    )


def _family(pick: Callable[[MatrixWorld], object]) -> Callable[[MatrixWorld, User], Scene]:
    def scene(world: MatrixWorld, user: User) -> Scene:
        return Scene(
            {"family_uuid": pick(world)},
            data={"action": "assign", "practitioner": str(world.people.colleague.pk), "kind": "secondary"},
        )

    return scene


def _link(world: MatrixWorld, user: User) -> Scene:
    return Scene(
        data={
            "supervisee": str(world.people.colleague.pk),
            "supervisor": str(world.people.supervisor.pk),
            "starts_on": "2026-01-05",
        }
    )


def _link_end(foreign: bool) -> Callable[[MatrixWorld, User], Scene]:
    def scene(world: MatrixWorld, user: User) -> Scene:
        side = world.staffing.foreign if foreign else world.staffing.own
        return Scene({"link_id": side.link_id})

    return scene


def _grant_give(world: MatrixWorld, user: User) -> Scene:
    return Scene(
        data={
            "person": str(world.people.colleague.pk),
            "category": "intimate_partner_violence",
            "ends_on": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
            "reason": "Synthetic reason for the matrix",
        }
    )


def _grant(foreign: bool) -> Callable[[MatrixWorld, User], Scene]:
    def scene(world: MatrixWorld, user: User) -> Scene:
        side = world.staffing.foreign if foreign else world.staffing.own
        return Scene({"grant_uuid": side.grant_uuid}, data={"reason": "No longer needed, synthetic"})

    return scene


def _token(pick: Callable[[MatrixWorld], str]) -> Callable[[MatrixWorld, User], Scene]:
    def scene(world: MatrixWorld, user: User) -> Scene:
        return Scene({"token": pick(world)}, data={"password": PASSWORD, "password_again": PASSWORD})

    return scene


ADMIN_POSTS = {"POST": only("admin", outcome=302)}
ASSIGNERS = ("admin", "manager")

PATTERNS: list[Pattern] = [
    Pattern(
        "staff/invite/",
        "staff_invite",
        GET_POST,
        (Target("page", _invite, {"GET": only("admin"), "POST": only("admin", outcome=302)}),),
    ),
    Pattern(
        "staff/<uuid:user_uuid>/account/",
        "staff_person",
        GET,
        (
            Target(
                "own",
                _person(lambda w: w.people.colleague),
                {"GET": only(*ASSIGNERS)},
                frozenset({"Household C"}),
            ),
            Target("foreign", _person(lambda w: w.people.outsider), {"GET": only()}),
            Target("unknown user", lambda w, u: Scene({"user_uuid": uuid.uuid4()}), {"GET": only()}),
        ),
    ),
    Pattern(
        "staff/<uuid:user_uuid>/roles/",
        "staff_role_add",
        POST,
        _targets(
            _person(lambda w: w.people.colleague, {"role": "privacy_officer"}),
            _person(lambda w: w.people.outsider, {"role": "privacy_officer"}),
            ADMIN_POSTS,
        ),
    ),
    Pattern(
        "staff/<uuid:user_uuid>/roles/<int:assignment_id>/remove/",
        "staff_role_remove",
        POST,
        _targets(_role_remove(False), _role_remove(True), ADMIN_POSTS),
    ),
    Pattern(
        "staff/<uuid:user_uuid>/reactivate/",
        "staff_reactivate",
        POST,
        _targets(
            _person(lambda w: w.staffing.own.deactivated),
            _person(lambda w: w.staffing.foreign.deactivated),
            ADMIN_POSTS,
        ),
    ),
    Pattern(
        "staff/<uuid:user_uuid>/invitation/resend/",
        "invitation_resend",
        POST,
        _targets(
            _person(lambda w: w.staffing.own.invited),
            _person(lambda w: w.staffing.foreign.invited),
            ADMIN_POSTS,
        ),
    ),
    Pattern(
        "staff/<uuid:user_uuid>/invitation/withdraw/",
        "invitation_revoke",
        POST,
        _targets(
            _person(lambda w: w.staffing.own.invited),
            _person(lambda w: w.staffing.foreign.invited),
            ADMIN_POSTS,
        ),
    ),
    Pattern(
        "staff/<uuid:user_uuid>/move-caseload/",
        "caseload_move",
        GET_POST,
        (
            Target(
                "own",
                _move,
                {"GET": only(*ASSIGNERS), "POST": only(*ASSIGNERS, outcome=302)},
                frozenset({"Household C"}),
            ),
            Target("foreign", _person(lambda w: w.people.outsider), {"GET": only(), "POST": only()}),
        ),
    ),
    # Whoever holds the link reaches the page; one that was used (or never made) says so, as 410 Gone.
    Pattern(
        "sign-up/<str:token>/",
        "invitation_accept",
        GET_POST,
        (
            Target(
                "open",
                _token(lambda w: w.staffing.own.invitation_token),
                {"GET": anyone(200, anonymous=200), "POST": anyone(200, anonymous=200)},
            ),
            Target(
                "used",
                _token(lambda w: w.staffing.used_token),
                {"GET": anyone(410, anonymous=410), "POST": anyone(410, anonymous=410)},
            ),
            Target(
                "made up",
                _token(lambda w: "not-a-token"),
                {"GET": anyone(410, anonymous=410), "POST": anyone(410, anonymous=410)},
            ),
        ),
    ),
    Pattern(
        "assignments/",
        "assignments",
        GET,
        (Target("page", no_object, {"GET": only(*ASSIGNERS)}, EVERY_FAMILY),),
    ),
    Pattern(
        "assignments/<uuid:family_uuid>/",
        "family_assignment",
        GET_POST,
        (
            Target(
                "own",
                _family(lambda w: w.people.family_a.uuid),
                {"GET": only(*ASSIGNERS), "POST": only(*ASSIGNERS, outcome=302)},
                frozenset({"Household A"}),
            ),
            Target("foreign", _family(lambda w: w.people.family_x.uuid), {"GET": only(), "POST": only()}),
            Target("unknown family", _family(lambda w: uuid.uuid4()), {"GET": only(), "POST": only()}),
        ),
    ),
    Pattern(
        "supervision/",
        "supervision",
        GET_POST,
        (Target("page", _link, {"GET": only(*ASSIGNERS), "POST": only(*ASSIGNERS, outcome=302)}),),
    ),
    Pattern(
        "supervision/<int:link_id>/end/",
        "supervision_end",
        POST,
        _targets(_link_end(False), _link_end(True), {"POST": only(*ASSIGNERS, outcome=302)}),
    ),
    Pattern(
        "grants/",
        "sensitive_grants",
        GET_POST,
        (Target("page", _grant_give, {"GET": only("privacy"), "POST": only("privacy", outcome=302)}),),
    ),
    Pattern(
        "grants/<uuid:grant_uuid>/withdraw/",
        "sensitive_grant_withdraw",
        POST,
        _targets(_grant(False), _grant(True), {"POST": only("privacy", outcome=302)}),
    ),
]
