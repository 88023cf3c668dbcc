"""Growth: a child's growth page is read by whoever may see the family; recording a measurement (a POST to
the same page) and correcting one are for a practitioner with the family on their caseload."""

from __future__ import annotations

from django.utils import timezone

from nestling.accounts.models import User
from nestling.growth.services import SAME_DAY_KEEP
from tests.access.matrix.family_targets import EDIT, READ, family_pattern
from tests.access.matrix.shapes import Pattern
from tests.access.matrix.world import Records


def _measure(r: Records, user: User) -> dict[str, str]:
    return {
        "client_id": "",
        "kind": "weight",
        "value": "7.9",
        "measured_on": timezone.localdate().isoformat(),
        "place": "clinic",
        "note": "",
        # The world's child was weighed today already: this one is kept beside it.
        "same_day": SAME_DAY_KEEP,
    }


def _correct(r: Records, user: User) -> dict[str, str]:
    m = r.measurement
    return {
        "client_id": "",
        "kind": m.kind,
        "value": "7.6",
        "measured_on": m.measured_on.isoformat(),
        "place": m.place,
        "note": "Synthetic: the scale was not zeroed",
    }


PATTERNS: list[Pattern] = [
    family_pattern(
        "children/<uuid:child_uuid>/growth/",
        "child_growth",
        {"GET": READ, "POST": EDIT},
        kwargs=lambda family, of: {"child_uuid": family.child.uuid},
        data=_measure,
        unknown="child_uuid",
    ),
    # Tried also with the own child and another family's measurement.
    family_pattern(
        "children/<uuid:child_uuid>/growth/<uuid:measurement_uuid>/correct/",
        "measurement_correct",
        {"GET": EDIT, "POST": EDIT},
        kwargs=lambda family, of: {"child_uuid": family.child.uuid, "measurement_uuid": of.measurement.uuid},
        data=_correct,
        nested=True,
        unknown="child_uuid",
    ),
]
