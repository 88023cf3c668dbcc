"""The family portal and pathways.

Staff side: a family's portal page, inviting a caregiver, giving a questionnaire and closing an account are
the family record's (read: whoever sees the family; the rest: whoever carries it); the portal settings are
the organization admin's; a family's pathways are read and changed like the record.

Caregiver side: the portal's pages are the caregivers' alone — staff get 404 like any page that is not
theirs — and a caregiver reaches only their own questionnaires: the other caregiver of the same child gets
404 for hers. A caregiver gets 404 on every staff page (every other row of the matrix says so by leaving
them out).
"""

from __future__ import annotations

import uuid

from nestling.accounts.models import User
from tests.access.matrix.family_targets import EDIT, READ, family_pattern
from tests.access.matrix.shapes import (
    CAREGIVERS,
    GET,
    GET_POST,
    LOGIN,
    POST,
    SIGNED_IN,
    Pattern,
    Scene,
    SceneMaker,
    Target,
    only,
)
from tests.access.matrix.world import MatrixWorld, Records

F = "families/<uuid:family_uuid>/"
P = "portal/"
EXAMPLE = "pregnancy-to-three-months@1"


def _member(r: Records):  # type: ignore[no-untyped-def]
    assert r.portal is not None
    return r.portal


def _invite(r: Records, user: User) -> dict[str, str]:
    return {
        "caregiver": str(r.caregiver.uuid),
        "email": f"invited-{uuid.uuid4().hex[:8]}@home.test",
        "language": "es",
    }


def _assign(r: Records, user: User) -> dict[str, str]:
    return {
        "client_id": "",
        "caregiver": str(_member(r).member.caregiver.uuid),
        "instrument": "phq-9",
        "due_on": "",
    }


def _pathway_start(r: Records, user: User) -> dict[str, str]:
    return {"client_id": "", "pathway": EXAMPLE, "child": str(r.child.uuid)}


def _pathway_end(r: Records, user: User) -> dict[str, str]:
    return {"version": str(_member(r).pathway.version)}


def _settings(world: MatrixWorld, user: User) -> Scene:
    return Scene(
        data={
            "version": "1",
            "emergency_number": "112",
            "crisis_contacts": "Synthetic line | 0800",
            "score_feedback": "thanks",
        }
    )


def _caregivers(outcome: int = 200) -> dict[str, object]:
    return only(*CAREGIVERS, outcome=outcome)


def _portal_page(
    route: str, name: str, methods: tuple[str, ...] = GET, scene: SceneMaker | None = None
) -> Pattern:
    return Pattern(
        route, name, methods, (Target("page", scene or (lambda w, u: Scene()), {"GET": _caregivers()}),)
    )


def _kw(key: str, pick) -> SceneMaker:  # type: ignore[no-untyped-def]
    def scene(world: MatrixWorld, user: User) -> Scene:
        return Scene(
            {key: pick(world)},
            data={"message": "Synthetic: a morning would suit better", "1": "1", "save": "1"},
        )

    return scene


def _start(pick) -> SceneMaker:  # type: ignore[no-untyped-def]
    def scene(world: MatrixWorld, user: User) -> Scene:
        on = pick(world)
        return Scene(data={"pathway": str(on.uuid), "step": "phq9-after-birth"})

    return scene


NOBODY = {"anonymous": LOGIN}
EVERYONE_GONE = {"anonymous": 410, **dict.fromkeys(SIGNED_IN, 410)}

PATTERNS: list[Pattern] = [
    # Staff
    family_pattern(F + "portal/", "family_portal", {"GET": READ}),
    family_pattern(F + "portal/invite/", "portal_invite", {"GET": EDIT, "POST": EDIT}, data=_invite),
    family_pattern(
        F + "portal/questionnaires/new/", "portal_assign", {"GET": EDIT, "POST": EDIT}, data=_assign
    ),
    family_pattern(
        F + "portal/accounts/<uuid:account_uuid>/end/",
        "portal_account_end",
        {"POST": EDIT},
        kwargs=lambda family, of: {
            "family_uuid": family.family.uuid,
            "account_uuid": _member(of).member.account.uuid,
        },
        nested=True,
    ),
    Pattern(
        "settings/portal/",
        "portal_settings",
        GET_POST,
        (Target("page", _settings, {"GET": only("admin"), "POST": only("admin", outcome=302)}),),
    ),
    family_pattern(F + "pathways/", "family_pathways", {"GET": READ, "POST": EDIT}, data=_pathway_start),
    family_pattern(
        F + "pathways/<uuid:pathway_uuid>/end/",
        "family_pathway_end",
        {"POST": EDIT},
        kwargs=lambda family, of: {
            "family_uuid": family.family.uuid,
            "pathway_uuid": _member(of).pathway.uuid,
        },
        data=_pathway_end,
        nested=True,
    ),
    # Everyone signed in
    Pattern(
        "language/",
        "language_switch",
        POST,
        (
            Target(
                "page",
                lambda w, u: Scene(data={"language": "es", "next": "/"}),
                {"POST": only(*SIGNED_IN, outcome=302)},
            ),
        ),
    ),
    # Caregivers
    _portal_page(P, "portal_home"),
    _portal_page(P + "help/", "portal_help"),
    _portal_page(P + "account/", "portal_account"),
    # An invitation link that is not (or no longer) valid says so, to anyone.
    Pattern(
        P + "welcome/<str:uidb64>/<str:token>/",
        "portal_welcome",
        GET_POST,
        (
            Target(
                "a spent link",
                lambda w, u: Scene({"uidb64": "MQ", "token": "spent-token"}),
                {"GET": EVERYONE_GONE, "POST": EVERYONE_GONE},
            ),
        ),
    ),
    Pattern(
        P + "materials/<slug:slug>/",
        "portal_material",
        GET,
        (
            Target(
                "a material", lambda w, u: Scene({"slug": "crying-and-comforting"}), {"GET": _caregivers()}
            ),
            Target("no such material", lambda w, u: Scene({"slug": "no-such-material"}), {"GET": NOBODY}),
        ),
    ),
    Pattern(
        P + "visits/<uuid:visit_uuid>/change/",
        "portal_visit_change",
        GET_POST,
        (
            Target(
                "the household's visit",
                _kw("visit_uuid", lambda w: w.own.visits.scheduled.uuid),
                {"GET": _caregivers(), "POST": _caregivers(302)},
            ),
            Target(
                "another family's visit",
                _kw("visit_uuid", lambda w: w.foreign.visits.scheduled.uuid),
                {"GET": NOBODY, "POST": NOBODY},
            ),
            Target(
                "an unknown visit", _kw("visit_uuid", lambda w: uuid.uuid4()), {"GET": NOBODY, "POST": NOBODY}
            ),
        ),
    ),
    Pattern(
        P + "questionnaires/start/",
        "portal_questionnaire_start",
        POST,
        (
            Target(
                "the household's pathway",
                _start(lambda w: _member(w.own).pathway),
                {"POST": _caregivers(302)},
            ),
            Target(
                "another family's pathway", _start(lambda w: _member(w.foreign).pathway), {"POST": NOBODY}
            ),
        ),
    ),
    Pattern(
        P + "questionnaires/<uuid:assignment_uuid>/",
        "portal_questionnaire",
        GET_POST,
        (
            Target(
                "the caregiver's own",
                _kw("assignment_uuid", lambda w: w.caregivers.open_questionnaire.uuid),
                {"GET": only("caregiver"), "POST": only("caregiver", outcome=302)},
            ),
            Target(
                "another caregiver's of the household",
                _kw("assignment_uuid", lambda w: _member(w.own).questionnaire.uuid),
                {"GET": NOBODY, "POST": NOBODY},
            ),
            Target(
                "another family's",
                _kw("assignment_uuid", lambda w: _member(w.foreign).questionnaire.uuid),
                {"GET": NOBODY, "POST": NOBODY},
            ),
        ),
    ),
    Pattern(
        P + "questionnaires/<uuid:assignment_uuid>/sent/",
        "portal_questionnaire_sent",
        GET,
        (
            Target(
                "the caregiver's own, sent",
                _kw("assignment_uuid", lambda w: w.caregivers.sent_questionnaire.uuid),
                {"GET": only("caregiver")},
            ),
            Target(
                "another caregiver's of the household",
                _kw("assignment_uuid", lambda w: _member(w.own).questionnaire.uuid),
                {"GET": NOBODY},
            ),
        ),
    ),
]
