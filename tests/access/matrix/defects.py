"""What the application gets wrong today, found by the matrix. Each defect names the cases it breaks, which
run as xfail(strict=True): the suite stays green, the defect stays visible, and its fix turns them into
passes that fail as XPASS until the defect's entry here is removed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.access.matrix.family_targets import READ
from tests.access.matrix.shapes import SIGNED_IN, Pattern, Target


@dataclass(frozen=True)
class Defect:
    reason: str
    breaks: Callable[[Pattern, Target, str, str], bool]  # (pattern, target, method, persona)


# D1. Function views without require_http_methods / require_GET / require_POST run their GET branch for any
# method, so PUT, PATCH and DELETE (and POST to a read-only page) are answered 200 — the landing page 302 —
# where the view should answer 405. Only session/keepalive, staff/<uuid>/deactivate/ and
# emergency-access/review/<uuid>/ are guarded today.
NO_METHOD_GUARD = frozenset(
    {
        "",
        "healthz",
        "caseload/",
        "search/",
        "families/new/",
        "families/<uuid:family_uuid>/",
        "families/<uuid:family_uuid>/edit/",
        "families/<uuid:family_uuid>/history/",
        "families/<uuid:family_uuid>/household/<uuid:membership_uuid>/leave/",
        "families/<uuid:family_uuid>/caregivers/new/",
        "families/<uuid:family_uuid>/caregivers/<uuid:caregiver_uuid>/edit/",
        "families/<uuid:family_uuid>/children/new/",
        "families/<uuid:family_uuid>/children/<uuid:child_uuid>/edit/",
        "families/<uuid:family_uuid>/children/<uuid:child_uuid>/birth/",
        "families/<uuid:family_uuid>/relationships/new/",
        "families/<uuid:family_uuid>/relationships/<uuid:relationship_uuid>/",
        "families/<uuid:family_uuid>/relationships/<uuid:relationship_uuid>/edit/",
        "families/<uuid:family_uuid>/enrollments/new/",
        "families/<uuid:family_uuid>/enrollments/<uuid:enrollment_uuid>/edit/",
        "families/<uuid:family_uuid>/consents/new/",
        "families/<uuid:family_uuid>/consents/<uuid:consent_uuid>/revoke/",
        "families/<uuid:family_uuid>/factors/new/",
        "families/<uuid:family_uuid>/factors/<uuid:factor_uuid>/edit/",
        "children/<uuid:child_uuid>/growth/",
        "children/<uuid:child_uuid>/growth/<uuid:measurement_uuid>/correct/",
        "families/<uuid:family_uuid>/screening/",
        "families/<uuid:family_uuid>/screening/results/<uuid:result_uuid>/entered-in-error/",
        "families/<uuid:family_uuid>/screening/<str:subject_kind>/<uuid:subject_uuid>/<slug:instrument_id>/",
        "families/<uuid:family_uuid>/screening/results/<uuid:result_uuid>/",
        "families/<uuid:family_uuid>/alerts/<uuid:alert_uuid>/",
        "families/<uuid:family_uuid>/follow-ups/<uuid:task_uuid>/",
        "programs/<uuid:program_uuid>/screening-schedule/",
        "team/",
        "program/",
        "staff/",
        "settings/",
        "emergency-access/",
        "emergency-access/review/",
        "audit/",
    }
)


def _unguarded(pattern: Pattern, target: Target, method: str, persona: str) -> bool:
    return (
        pattern.route in NO_METHOD_GUARD
        and method not in pattern.methods
        and target is pattern.targets[0]
        and persona in target.allowed()
    )


GROWTH = "children/<uuid:child_uuid>/growth/"
CORRECT = GROWTH + "<uuid:measurement_uuid>/correct/"
CONSENT_REVOKE = "families/<uuid:family_uuid>/consents/<uuid:consent_uuid>/revoke/"
RESULT = "families/<uuid:family_uuid>/screening/results/<uuid:result_uuid>/"
# Who carries each family, so may revoke its consents.
CARRIER = {"own": "practitioner", "colleague's": "colleague", "foreign": "outsider"}

DEFECTS = [
    Defect(
        "D1 no method guard: the view has no require_http_methods, so a method it does not accept is "
        "answered as if it were a GET (200, or 302 for the landing page) instead of 405",
        _unguarded,
    ),
    Defect(
        "D2 double denial audit: an unknown child id on the growth and correction pages writes two denied "
        "rows — growth/child:<id> from growth.views._child_for_request, which does not set DENIAL_AUDITED, "
        "and page/url:<name> from AuditDenialsMiddleware",
        lambda p, t, m, who: p.route in (GROWTH, CORRECT) and t.label == "unknown child" and who in SIGNED_IN,
    ),
    Defect(
        "D3 double denial audit: the correction page for the practitioner's own child naming another child's "
        "measurement writes two denied rows — growth/measurement:<id> from measurement_correct_view, which "
        "raises Http404 without setting DENIAL_AUDITED, and page/url:measurement_correct from the middleware",
        lambda p, t, m, who: (
            p.route == CORRECT and t.label == "another family's record" and who == "practitioner"
        ),
    ),
    Defect(
        "D4 consent cannot be revoked: consent_revoke_view puts today on consent.revoked_on as the form's "
        "suggestion, so on POST consent_revoke() sees it set and refuses with 'This consent is already "
        "revoked.' (200); nothing is saved",
        lambda p, t, m, who: p.route == CONSENT_REVOKE and m == "POST" and CARRIER.get(t.label) == who,
    ),
    Defect(
        "D5 sensitive categories do not cover screening: an AUDIT-C result (substance use) opens for every "
        "reader of the family, none holding a substance-use grant; instrument definitions carry no category "
        "and screening_result_view checks none (the design: categories cover instruments and results)",
        lambda p, t, m, who: (
            p.route == RESULT and t.label == "substance-use result, no grant" and who in READ["own"]
        ),
    ),
]


def marks(pattern: Pattern, target: Target, method: str, persona: str) -> list[pytest.MarkDecorator]:
    return [
        pytest.mark.xfail(strict=True, reason=defect.reason)
        for defect in DEFECTS
        if defect.breaks(pattern, target, method, persona)
    ]
