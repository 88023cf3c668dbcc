"""Visits, their notes, and a program's group sessions; and the manager's mark of a practitioner qualified
for relationship-based therapy, on the staff page.

A family's visits are read by whoever may see the family and changed by a practitioner carrying it. A
program's groups are for its manager and the practitioners carrying its families (a session also for its
facilitators); a family's attendance is written by whoever carries that family.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable

from django.utils import timezone

from nestling.accounts.models import User
from tests.access.matrix.family_targets import EDIT, READ, family_pattern
from tests.access.matrix.shapes import GET, GET_POST, LOGIN, Pattern, Scene, SceneMaker, Table, Target, only
from tests.access.matrix.world import MatrixWorld, Records

F = "families/<uuid:family_uuid>/"
V = F + "visits/<uuid:visit_uuid>/"


def _today() -> str:
    return timezone.localdate().isoformat()


def _in(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _visit(which: str) -> Callable[[Records, Records], dict[str, object]]:
    """The family of the URL, and the visit (`scheduled`, `held`, `signed`) of the records it names."""

    def kwargs(family: Records, of: Records) -> dict[str, object]:
        return {"family_uuid": family.family.uuid, "visit_uuid": getattr(of.visits, which).uuid}

    return kwargs


def _schedule(r: Records, user: User) -> dict[str, str]:
    return {
        "client_id": "",
        "visit_on": _in(2),
        "starts_at": "15:00",
        "duration_minutes": "60",
        "setting": "home",
        "place": "Home",
        "practitioner": str(user.uuid),
        "next": "",
    }


def _record(r: Records, user: User) -> dict[str, str]:
    return {
        "version": str(r.visits.scheduled.version),
        "present": str(r.caregiver.uuid),
        "others_present": "",
    }


def _missed(r: Records, user: User) -> dict[str, str]:
    return {"version": str(r.visits.scheduled.version), "missed_reason": "not_home", "status_note": ""}


def _cancel(r: Records, user: User) -> dict[str, str]:
    return {
        "version": str(r.visits.scheduled.version),
        "cancelled_by": "family",
        "status_note": "Baby unwell",
    }


def _reschedule(r: Records, user: User) -> dict[str, str]:
    return {
        "version": str(r.visits.scheduled.version),
        "client_id": "",
        "cancelled_by": "family",
        "status_note": "Appointment at the hospital",
        "visit_on": _in(3),
        "starts_at": "16:00",
        "duration_minutes": "60",
        "setting": "home",
        "place": "",
    }


def _note(r: Records, user: User) -> dict[str, str]:
    return {"version": "0", "observed": "Synthetic: a warm greeting at the door", "action": "save"}


def _addendum(r: Records, user: User) -> dict[str, str]:
    return {"client_id": "", "text": "Synthetic: the caregiver called the next day"}


VISIT_PATTERNS: list[Pattern] = [
    family_pattern(F + "visits/", "family_visits", {"GET": READ}),
    family_pattern(F + "visits/new/", "visit_schedule", {"GET": EDIT, "POST": EDIT}, data=_schedule),
    family_pattern(V, "visit_detail", {"GET": READ}, kwargs=_visit("scheduled"), nested=True),
    family_pattern(
        V + "record/",
        "visit_record",
        {"GET": EDIT, "POST": EDIT},
        kwargs=_visit("scheduled"),
        data=_record,
        nested=True,
    ),
    family_pattern(
        V + "missed/",
        "visit_missed",
        {"GET": EDIT, "POST": EDIT},
        kwargs=_visit("scheduled"),
        data=_missed,
        nested=True,
    ),
    family_pattern(
        V + "cancel/",
        "visit_cancel",
        {"GET": EDIT, "POST": EDIT},
        kwargs=_visit("scheduled"),
        data=_cancel,
        nested=True,
    ),
    family_pattern(
        V + "reschedule/",
        "visit_reschedule",
        {"GET": EDIT, "POST": EDIT},
        kwargs=_visit("scheduled"),
        data=_reschedule,
        nested=True,
    ),
    family_pattern(V + "note/", "visit_note", {"POST": EDIT}, kwargs=_visit("held"), data=_note, nested=True),
    # The page's script saves the draft while it is typed: a JSON answer, 200 when saved.
    family_pattern(
        V + "note/autosave/",
        "visit_note_autosave",
        {"POST": EDIT},
        kwargs=_visit("held"),
        data=_note,
        nested=True,
        success={"POST": 200},
    ),
    family_pattern(
        V + "note/addenda/",
        "note_addendum",
        {"POST": EDIT},
        kwargs=_visit("signed"),
        data=_addendum,
        nested=True,
    ),
]

# --- group sessions -----------------------------------------------------------------------------------

# Who runs the own program's groups: its manager and the practitioners carrying its families (A, B, C).
RUNS_OWN = ("practitioner", "colleague", "manager")
SUCCESS = {"GET": 200, "POST": 302}


def _table(personas: tuple[str, ...], methods: tuple[str, ...]) -> Table:
    return {method: only(*personas, outcome=SUCCESS[method]) for method in methods}


def _nobody(methods: tuple[str, ...]) -> Table:
    return {method: {"anonymous": LOGIN} for method in methods}


def _program_scene(
    pick: Callable[[MatrixWorld], object], data: Callable[[User], dict[str, str]]
) -> SceneMaker:
    def scene(world: MatrixWorld, user: User) -> Scene:
        program = pick(world)
        program_uuid = getattr(program, "uuid", program)
        return Scene({"program_uuid": program_uuid}, audited_as=str(program_uuid), data=data(user))

    return scene


def _session_data(user: User) -> dict[str, str]:
    return {
        "client_id": "",
        "kind": "parent_baby",
        "topic": "Synthetic: songs for bath time",
        "held_on": _today(),
        "starts_at": "10:00",
        "duration_minutes": "90",
        "place": "Community room",
        "facilitators": str(user.uuid),
    }


def _program_targets(methods: tuple[str, ...], data: Callable[[User], dict[str, str]]) -> tuple[Target, ...]:
    """The own program, another organization's, a program of the own organization no practitioner carries
    a family of (its manager only), and an id nothing has."""
    return (
        Target("own", _program_scene(lambda w: w.own.program, data), _table(RUNS_OWN, methods)),
        Target("foreign", _program_scene(lambda w: w.foreign.program, data), _table(("outsider",), methods)),
        Target(
            "a program without families",
            _program_scene(lambda w: w.own.other_program, data),
            _table(("manager",), methods),
        ),
        Target("unknown program", _program_scene(lambda w: uuid.uuid4(), data), _nobody(methods)),
    )


def _no_data(user: User) -> dict[str, str]:
    return {}


def _records_for(world: MatrixWorld, user: User) -> Records:
    """The records of the family this persona carries (family A for anyone of the own organization who
    carries none, so the payload is the practitioner's)."""
    if user.organization_id != world.people.org.pk:
        return world.foreign
    return world.colleagues if user.pk == world.people.colleague.pk else world.own


def _session_scene(
    pick: Callable[[MatrixWorld], object], data: Callable[[MatrixWorld, User], dict[str, str]] | None = None
) -> SceneMaker:
    def scene(world: MatrixWorld, user: User) -> Scene:
        session = pick(world)
        session_uuid = getattr(session, "uuid", session)
        payload = data(world, user) if data is not None else {}
        return Scene({"session_uuid": session_uuid}, audited_as=str(session_uuid), data=payload)

    return scene


def _attendance_add(world: MatrixWorld, user: User) -> dict[str, str]:
    r = _records_for(world, user)
    return {"client_id": "", "family": str(r.family.uuid), "present": str(r.caregiver.uuid), "note": ""}


def _attendance_scene(
    session: Callable[[MatrixWorld], object], attendance: Callable[[MatrixWorld], object], audited: str | None
) -> SceneMaker:
    """`audited`: which id a refusal names for everyone refused ("session", "attendance"), or None when
    it depends on who asks (refused at the session, or at the attendance)."""

    def scene(world: MatrixWorld, user: User) -> Scene:
        s, a = session(world), attendance(world)
        s_uuid, a_uuid = getattr(s, "uuid", s), getattr(a, "uuid", a)
        r = world.foreign if user.organization_id != world.people.org.pk else world.own
        return Scene(
            {"session_uuid": s_uuid, "attendance_uuid": a_uuid},
            audited_as=None if audited is None else str(a_uuid if audited == "attendance" else s_uuid),
            data={
                "version": "1",
                "present": str(r.caregiver.uuid),
                "note": "Synthetic: came late, stayed on",
            },
        )

    return scene


GROUP_PATTERNS: list[Pattern] = [
    Pattern("programs/<uuid:program_uuid>/groups/", "program_groups", GET, _program_targets(GET, _no_data)),
    Pattern(
        "programs/<uuid:program_uuid>/groups/new/",
        "group_session_add",
        GET_POST,
        _program_targets(GET_POST, _session_data),
    ),
    # The own session is facilitated by the practitioner and attended by family A, whose name the colleague
    # and the manager's view of it name only to whoever may see family A.
    Pattern(
        "groups/<uuid:session_uuid>/",
        "group_session",
        GET,
        (
            Target("own", _session_scene(lambda w: w.own.visits.session), _table(RUNS_OWN, GET)),
            Target("foreign", _session_scene(lambda w: w.foreign.visits.session), _table(("outsider",), GET)),
            Target("unknown session", _session_scene(lambda w: uuid.uuid4()), _nobody(GET)),
        ),
    ),
    # A family's attendance is written by whoever carries the family: the manager carries none.
    Pattern(
        "groups/<uuid:session_uuid>/attendance/new/",
        "group_attendance_add",
        GET_POST,
        (
            Target(
                "own",
                _session_scene(lambda w: w.own.visits.open_session, _attendance_add),
                _table(("practitioner", "colleague"), GET_POST),
            ),
            Target(
                "foreign",
                _session_scene(lambda w: w.foreign.visits.open_session, _attendance_add),
                _table(("outsider",), GET_POST),
            ),
            Target(
                "unknown session", _session_scene(lambda w: uuid.uuid4(), _attendance_add), _nobody(GET_POST)
            ),
        ),
    ),
    Pattern(
        "groups/<uuid:session_uuid>/attendance/<uuid:attendance_uuid>/edit/",
        "group_attendance_edit",
        GET_POST,
        (
            Target(
                "own",
                _attendance_scene(lambda w: w.own.visits.session, lambda w: w.own.visits.attendance, None),
                _table(("practitioner",), GET_POST),
            ),
            Target(
                "foreign",
                _attendance_scene(
                    lambda w: w.foreign.visits.session, lambda w: w.foreign.visits.attendance, "session"
                ),
                _table(("outsider",), GET_POST),
            ),
            Target(
                "another session's attendance",
                _attendance_scene(
                    lambda w: w.own.visits.session, lambda w: w.foreign.visits.attendance, None
                ),
                _nobody(GET_POST),
            ),
            Target(
                "unknown attendance",
                _attendance_scene(lambda w: w.own.visits.session, lambda w: uuid.uuid4(), None),
                _nobody(GET_POST),
            ),
        ),
    ),
]

# --- the staff page's qualification control -----------------------------------------------------------


def _person_scene(pick: Callable[[MatrixWorld], object]) -> SceneMaker:
    def scene(world: MatrixWorld, user: User) -> Scene:
        person = pick(world)
        person_uuid = getattr(person, "uuid", person)
        return Scene(
            {"user_uuid": person_uuid},
            data={
                "qualified": "on",
                "note": "Synthetic: IMH training; reflective supervision monthly",
                # A manager's override of the computed qualification lasts until a day they give.
                "until": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
                "seen_set_at": "",
            },
        )

    return scene


QUALIFICATION_PATTERNS: list[Pattern] = [
    Pattern(
        "staff/<uuid:user_uuid>/qualification/",
        "staff_qualification",
        GET_POST,
        (
            Target("own", _person_scene(lambda w: w.people.practitioner), _table(("manager",), GET_POST)),
            Target("foreign", _person_scene(lambda w: w.people.outsider), _nobody(GET_POST)),
            Target("unknown user", _person_scene(lambda w: uuid.uuid4()), _nobody(GET_POST)),
        ),
    ),
]

PATTERNS: list[Pattern] = [*VISIT_PATTERNS, *GROUP_PATTERNS, *QUALIFICATION_PATTERNS]
