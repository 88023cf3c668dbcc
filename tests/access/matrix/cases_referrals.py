"""Referrals: the organization's directory of local services (read by its staff, changed by a program
manager or an organization admin), and a family's referrals (read by whoever may see the family; made,
corrected, moved on and written as a letter by a practitioner who carries it). A referral in a category no
persona holds a grant for is refused to all."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from nestling.accounts.models import User
from tests.access.matrix.cases_staff import page
from tests.access.matrix.family_targets import EDIT, READ, family_pattern, in_family
from tests.access.matrix.shapes import GET, GET_POST, Pattern, Scene, SceneMaker, Target, only
from tests.access.matrix.world import MatrixWorld, Records

F = "families/<uuid:family_uuid>/referrals/"
R = F + "<uuid:referral_uuid>/"
STAFF = ("practitioner", "colleague", "supervisor", "manager", "admin", "outsider")
MANAGERS = ("manager", "admin")


def _day(days: int = 0) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _new() -> str:
    return str(uuid.uuid4())


def _add(r: Records, user: User) -> dict[str, str]:
    assert r.local_service is not None
    return {
        "client_id": _new(),
        "about": str(r.caregiver.uuid),
        "service": str(r.local_service.uuid),
        "reason": "Synthetic reason from the matrix",
        "urgency": "routine",
        "domain": "depression",
        "referred_on": _day(),
        "expected_by": _day(14),
    }


def _edit(r: Records, user: User) -> dict[str, str]:
    referral = r.referral
    assert referral is not None and referral.consent is not None
    return {
        "version": str(referral.version),
        "reason": "Synthetic reason, corrected",
        "urgency": "soon",
        "referred_on": referral.referred_on.isoformat(),
        "expected_by": _day(20),
        "shared": "reason",
        "consent": str(referral.consent.uuid),
    }


def _status(r: Records, user: User) -> dict[str, str]:
    assert r.referral is not None
    return {"version": str(r.referral.version), "status": "received", "on": _day()}


def _service(pick: str) -> SceneMaker:
    """The directory page of the own organization's service, another organization's, or an id nothing has."""

    def scene(world: MatrixWorld, user: User) -> Scene:
        service = {"own": world.own.local_service, "foreign": world.foreign.local_service}.get(pick)
        data = {
            "version": str(service.version) if service is not None else "1",
            "kind": "food",
            "name": f"Synthetic renamed {_new()[:6]}",
            "phone": "555-0101",
            "active": "on",
        }
        return Scene({"service_uuid": service.uuid if service is not None else uuid.uuid4()}, data=data)

    return scene


def _service_add(world: MatrixWorld, user: User) -> Scene:
    return Scene(
        data={"client_id": _new(), "kind": "food", "name": f"Synthetic pantry {_new()[:6]}", "phone": "555"}
    )


_READ = {"GET": READ}
_FORM = {"GET": EDIT, "POST": EDIT}
_REFERRAL = in_family(referral_uuid="referral")
_HIDDEN = {"a referral no one may see": in_family(referral_uuid="hidden_referral")}
_MANAGE = {"GET": only(*MANAGERS), "POST": only(*MANAGERS, outcome=302)}
_NOBODY = {"GET": only(), "POST": only()}

PATTERNS: list[Pattern] = [
    page("directory/", "referral_directory", {"GET": only(*STAFF)}, GET),
    page("directory/new/", "referral_directory_add", _MANAGE, GET_POST, _service_add),
    Pattern(
        "directory/<uuid:service_uuid>/",
        "referral_directory_edit",
        GET_POST,
        (
            Target("own", _service("own"), _MANAGE),
            Target("foreign", _service("foreign"), _NOBODY),
            Target("unknown service", _service("unknown"), _NOBODY),
        ),
    ),
    family_pattern(F + "new/", "referral_add", _FORM, data=_add),
    family_pattern(R, "referral_detail", _READ, kwargs=_REFERRAL, nested=True, closed=_HIDDEN),
    family_pattern(
        R + "edit/", "referral_edit", _FORM, kwargs=_REFERRAL, data=_edit, nested=True, closed=_HIDDEN
    ),
    family_pattern(
        R + "status/", "referral_status", _FORM, kwargs=_REFERRAL, data=_status, nested=True, closed=_HIDDEN
    ),
    family_pattern(
        R + "letter/",
        "referral_letter",
        _FORM,
        kwargs=_REFERRAL,
        nested=True,
        closed=_HIDDEN,
        success={"GET": 200, "POST": 200},
    ),
]
