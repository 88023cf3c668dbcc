"""Every URL of the project, for every persona, against an own and a foreign object.

A URL pattern that this matrix does not describe fails `test_every_url_pattern_is_in_the_matrix`, so no
feature can add a page without saying who may open it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from nestling.access.models import BreakGlassAccess
from nestling.audit.models import AuditEvent, AuditOutcome

PERSONAS = ["anonymous", "practitioner", "colleague", "supervisor", "manager", "admin", "privacy", "outsider"]
LOGIN = "login"  # a redirect to the sign-in page


@dataclass
class Case:
    """One request and the status each persona must get. Unlisted personas must get 404."""

    name: str
    url: Callable[[object], str]
    expect: dict[str, int | str] = field(default_factory=dict)
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict)
    family: Callable[[object], object] | None = None  # a denial must be audited against this family


def _family(attr: str) -> Callable[[object], str]:
    return lambda w: reverse("family_detail", args=[getattr(w, attr).uuid])


def _glass(org_attr: str) -> Callable[[object], str]:
    def url(w: object) -> str:
        family = getattr(w, org_attr)
        user = w.outsider if family == w.family_x else w.colleague  # type: ignore[attr-defined]
        access = BreakGlassAccess.objects.create(
            organization=family.organization,
            user=user,
            family=family,
            reason="covering a crisis visit today",
            started_at=family.created_at,
            expires_at=family.created_at,
        )
        return reverse("break_glass_review_record", args=[access.uuid])

    return url


def _deactivate(attr: str) -> Callable[[object], str]:
    return lambda w: reverse("staff_deactivate", args=[getattr(w, attr).uuid])


EVERYONE_SIGNED_IN = {p: 200 for p in PERSONAS if p != "anonymous"}

CASES: list[Case] = [
    Case("home", lambda w: reverse("home"), {"anonymous": LOGIN, **{p: 302 for p in PERSONAS[1:]}}),
    Case("healthz", lambda w: reverse("healthz"), {p: 200 for p in PERSONAS}),
    # The page a signed-in person works in says they are still there; it touches no record.
    Case("session_keepalive", lambda w: reverse("session_keepalive"), {p: 405 for p in PERSONAS}),
    Case(
        "session_keepalive",
        lambda w: reverse("session_keepalive"),
        {"anonymous": 401, **{p: 204 for p in PERSONAS[1:]}},
        method="post",
    ),
    Case(
        "caseload",
        lambda w: reverse("caseload"),
        {"anonymous": LOGIN, "practitioner": 200, "colleague": 200, "supervisor": 200, "outsider": 200},
    ),
    Case(
        "family_detail",
        _family("family_a"),
        {"anonymous": LOGIN, "practitioner": 200, "supervisor": 200, "manager": 200},
        family=lambda w: w.family_a,  # type: ignore[attr-defined]
    ),
    Case(
        "family_detail",
        _family("family_x"),
        {"anonymous": LOGIN, "outsider": 200},
        family=lambda w: w.family_x,  # type: ignore[attr-defined]
    ),
    Case("team", lambda w: reverse("team"), {"anonymous": LOGIN, "supervisor": 200}),
    Case("program_overview", lambda w: reverse("program_overview"), {"anonymous": LOGIN, "manager": 200}),
    Case("staff_list", lambda w: reverse("staff_list"), {"anonymous": LOGIN, "admin": 200, "manager": 200}),
    Case(
        "organization_settings",
        lambda w: reverse("organization_settings"),
        {"anonymous": LOGIN, "admin": 200},
    ),
    Case(
        "organization_settings",
        lambda w: reverse("organization_settings"),
        {"anonymous": LOGIN, "admin": 302},
        method="post",
        data={"growth_reference": "uk-who"},
    ),
    Case(
        "program_schedule",
        lambda w: reverse("program_schedule", args=[w.program.uuid]),
        {"anonymous": LOGIN, "manager": 200, "admin": 200},
    ),
    Case(
        "program_schedule",
        lambda w: reverse("program_schedule", args=[w.program.uuid]),
        {"anonymous": LOGIN, "manager": 302, "admin": 302},
        method="post",
        data={"action": "default", "version": "0"},
    ),
    Case(
        "program_schedule",
        lambda w: reverse("program_schedule", args=[w.family_x.program.uuid]),
        {"anonymous": LOGIN},
    ),
    Case(
        "staff_deactivate",
        _deactivate("colleague"),
        {"anonymous": LOGIN, "admin": 302},
        method="post",
    ),
    Case("staff_deactivate", _deactivate("outsider"), {"anonymous": LOGIN}, method="post"),
    Case(
        "break_glass_open",
        lambda w: reverse("break_glass_open"),
        {
            "anonymous": LOGIN,
            "practitioner": 200,
            "colleague": 200,
            "supervisor": 200,
            "manager": 200,
            "outsider": 200,
        },
    ),
    Case("break_glass_review", lambda w: reverse("break_glass_review"), {"anonymous": LOGIN, "privacy": 200}),
    Case(
        "break_glass_review_record",
        _glass("family_a"),
        {"anonymous": LOGIN, "privacy": 302},
        method="post",
        data={"outcome": "appropriate", "note": "seen"},
    ),
    Case(
        "break_glass_review_record",
        _glass("family_x"),
        {"anonymous": LOGIN},
        method="post",
        data={"note": "x"},
    ),
    Case("audit_list", lambda w: reverse("audit_list"), {"anonymous": LOGIN, "privacy": 200}),
]


# The family record (issue 3). Reading pages: whoever may see the family. Forms that change it: only a
# practitioner with the family on their caseload. Records inside a family are created when the URL is built.
READERS = {"anonymous": LOGIN, "practitioner": 200, "supervisor": 200, "manager": 200}
EDITORS = {"anonymous": LOGIN, "practitioner": 200}
FOREIGN = {"anonymous": LOGIN, "outsider": 200}


def _record_url(
    name: str, family_attr: str, make: Callable[[object], object] | None = None
) -> Callable[[object], str]:
    def url(w: object) -> str:
        family = getattr(w, family_attr)
        args: list[object] = [family.uuid]
        if make is not None:
            args.append(make(family).uuid)  # type: ignore[attr-defined]
        return reverse(name, args=args)

    return url


def _family_record_cases() -> list[Case]:
    from tests.factories import families as make

    def prenatal(family: object) -> object:
        return make.ChildFactory(family=family, date_of_birth=None, due_date=datetime.date.today())

    pages: list[tuple[str, Callable[[object], object] | None, dict[str, int | str]]] = [
        ("family_edit", None, EDITORS),
        ("family_timeline", None, READERS),
        ("household_member_leave", lambda f: make.HouseholdMembershipFactory(family=f), EDITORS),
        ("caregiver_add", None, EDITORS),
        ("caregiver_edit", lambda f: make.CaregiverFactory(family=f), EDITORS),
        ("child_add", None, EDITORS),
        ("child_edit", lambda f: make.ChildFactory(family=f), EDITORS),
        ("birth_record", prenatal, EDITORS),
        ("relationship_add", None, EDITORS),
        ("relationship_detail", lambda f: make.RelationshipFactory(family=f), READERS),
        ("relationship_edit", lambda f: make.RelationshipFactory(family=f), EDITORS),
        ("enrollment_add", None, EDITORS),
        ("enrollment_edit", lambda f: make.EnrollmentFactory(family=f), EDITORS),
        ("consent_add", None, EDITORS),
        ("consent_revoke", lambda f: make.ConsentFactory(family=f), EDITORS),
        ("risk_factor_add", None, EDITORS),
        ("risk_factor_edit", lambda f: make.RiskFactorFactory(family=f), EDITORS),
    ]
    cases = []
    for name, maker, own in pages:
        cases.append(Case(name, _record_url(name, "family_a", maker), own, family=lambda w: w.family_a))  # type: ignore[attr-defined]
        cases.append(Case(name, _record_url(name, "family_x", maker), FOREIGN, family=lambda w: w.family_x))  # type: ignore[attr-defined]
    # Adding an observation is a POST to the relationship page: practitioners on the caseload only.
    observe = _record_url("relationship_detail", "family_a", lambda f: make.RelationshipFactory(family=f))
    cases.append(
        Case(
            "relationship_detail",
            observe,
            {"anonymous": LOGIN, "practitioner": 200},
            method="post",
            family=lambda w: w.family_a,
        )  # type: ignore[attr-defined]
    )
    cases.append(
        Case(
            "family_add",
            lambda w: reverse("family_add"),
            {"anonymous": LOGIN, "practitioner": 200, "colleague": 200, "outsider": 200},
        )
    )
    cases.append(
        Case(
            "family_search",
            lambda w: reverse("family_search") + "?q=Synthetic",
            {**EVERYONE_SIGNED_IN, "anonymous": LOGIN, "admin": 404, "privacy": 404},
        )
    )
    return cases


CASES += _family_record_cases()


# Growth (issue 5): a child's growth page is read by whoever may see the family; recording a measurement
# (a POST to the same page) is for a practitioner with the family on their caseload.
def _growth_url(family_attr: str) -> Callable[[object], str]:
    def url(w: object) -> str:
        from tests.factories.families import ChildFactory

        child = ChildFactory(family=getattr(w, family_attr), sex="female")
        return reverse("child_growth", args=[child.uuid])

    return url


def _correction_url(family_attr: str) -> Callable[[object], str]:
    def url(w: object) -> str:
        from tests.factories.families import ChildFactory
        from tests.factories.growth import MeasurementFactory

        family = getattr(w, family_attr)
        child = ChildFactory(family=family, sex="female")
        by = w.practitioner if family == w.family_a else w.outsider  # type: ignore[attr-defined]
        measurement = MeasurementFactory(child=child, measured_by=by)
        return reverse("measurement_correct", args=[child.uuid, measurement.uuid])

    return url


CASES += [
    Case("measurement_correct", _correction_url("family_a"), EDITORS, family=lambda w: w.family_a),  # type: ignore[attr-defined]
    Case("measurement_correct", _correction_url("family_x"), FOREIGN, family=lambda w: w.family_x),  # type: ignore[attr-defined]
    Case("child_growth", _growth_url("family_a"), READERS, family=lambda w: w.family_a),  # type: ignore[attr-defined]
    Case("child_growth", _growth_url("family_x"), FOREIGN, family=lambda w: w.family_x),  # type: ignore[attr-defined]
    Case(
        "child_growth",
        _growth_url("family_a"),
        EDITORS,
        method="post",
        family=lambda w: w.family_a,  # type: ignore[attr-defined]
    ),
    Case(
        "child_growth",
        _growth_url("family_x"),
        {"anonymous": LOGIN, "outsider": 200},
        method="post",
        family=lambda w: w.family_x,  # type: ignore[attr-defined]
    ),
]


# Screening (issue 4): the screening page, results and alerts are read by whoever may see the family; giving
# a screen is for a practitioner with the family on their caseload; an alert is answered by its practitioner,
# their supervisor, or whoever carries the family.
def _owner(w: object, family: object) -> object:
    return w.practitioner if family == w.family_a else w.outsider  # type: ignore[attr-defined]


def _administer_url(family_attr: str) -> Callable[[object], str]:
    def url(w: object) -> str:
        from tests.factories.families import CaregiverFactory

        carer = CaregiverFactory(family=getattr(w, family_attr))
        return reverse("screening_administer", args=[carer.family.uuid, "caregiver", carer.uuid, "phq-9"])

    return url


def _result_url(family_attr: str) -> Callable[[object], str]:
    def url(w: object) -> str:
        from tests.factories.screening import ScreeningResultFactory

        family = getattr(w, family_attr)
        result = ScreeningResultFactory(family=family, administered_by=_owner(w, family))
        return reverse("screening_result", args=[family.uuid, result.uuid])

    return url


def _error_url(family_attr: str) -> Callable[[object], str]:
    def url(w: object) -> str:
        from tests.factories.screening import ScreeningResultFactory

        family = getattr(w, family_attr)
        result = ScreeningResultFactory(family=family, administered_by=_owner(w, family), flags=[])
        return reverse("screening_result_entered_in_error", args=[family.uuid, result.uuid])

    return url


def _alert_url(family_attr: str) -> Callable[[object], str]:
    def url(w: object) -> str:
        from tests.factories.screening import SafetyAlertFactory, ScreeningResultFactory

        family = getattr(w, family_attr)
        result = ScreeningResultFactory(family=family, administered_by=_owner(w, family))
        alert = SafetyAlertFactory(
            result=result,
            supervisor=w.supervisor if family == w.family_a else None,  # type: ignore[attr-defined]
        )
        return reverse("safety_alert", args=[family.uuid, alert.uuid])

    return url


def _follow_up_url(family_attr: str) -> Callable[[object], str]:
    def url(w: object) -> str:
        from tests.factories.screening import FollowUpTaskFactory, ScreeningResultFactory

        family = getattr(w, family_attr)
        result = ScreeningResultFactory(family=family, administered_by=_owner(w, family), positive=True)
        return reverse("follow_up", args=[family.uuid, FollowUpTaskFactory(result=result).uuid])

    return url


def _screening_cases() -> list[Case]:
    own_family = lambda w: w.family_a  # noqa: E731  # type: ignore[attr-defined]
    foreign_family = lambda w: w.family_x  # noqa: E731  # type: ignore[attr-defined]
    screening_page: Callable[[str], Callable[[object], str]] = lambda attr: _record_url(  # noqa: E731
        "family_screening", attr
    )
    responders = {"anonymous": LOGIN, "practitioner": 200, "supervisor": 200}
    return [
        Case("family_screening", screening_page("family_a"), READERS, family=own_family),
        Case("family_screening", screening_page("family_x"), FOREIGN, family=foreign_family),
        Case("screening_administer", _administer_url("family_a"), EDITORS, family=own_family),
        Case("screening_administer", _administer_url("family_x"), FOREIGN, family=foreign_family),
        Case("screening_administer", _administer_url("family_a"), EDITORS, method="post", family=own_family),
        Case("screening_result", _result_url("family_a"), READERS, family=own_family),
        Case("screening_result", _result_url("family_x"), FOREIGN, family=foreign_family),
        # Marking a screen entered in error is for whoever may edit the family.
        Case("screening_result_entered_in_error", _error_url("family_a"), EDITORS, family=own_family),
        Case("screening_result_entered_in_error", _error_url("family_x"), FOREIGN, family=foreign_family),
        Case(
            "screening_result_entered_in_error",
            _error_url("family_a"),
            EDITORS,
            method="post",
            family=own_family,
        ),
        Case("safety_alert", _alert_url("family_a"), READERS, family=own_family),
        Case("safety_alert", _alert_url("family_x"), FOREIGN, family=foreign_family),
        Case("safety_alert", _alert_url("family_a"), responders, method="post", family=own_family),
        Case("safety_alert", _alert_url("family_x"), FOREIGN, method="post", family=foreign_family),
        # A follow-up task is read by whoever sees the family and closed by whoever may edit it.
        Case("follow_up", _follow_up_url("family_a"), READERS, family=own_family),
        Case("follow_up", _follow_up_url("family_x"), FOREIGN, family=foreign_family),
        Case("follow_up", _follow_up_url("family_a"), EDITORS, method="post", family=own_family),
        Case("follow_up", _follow_up_url("family_x"), FOREIGN, method="post", family=foreign_family),
    ]


CASES += _screening_cases()


# django-allauth's sign-in, password and second-factor pages. They hold no clinical data; each must answer
# without a server error for anyone, and may only show the signed-in user's own account.
AUTH_URLS: dict[str, dict[str, str]] = {
    "account_login": {},
    "account_logout": {},
    "account_inactive": {},
    "account_signup": {},
    "account_reauthenticate": {},
    "account_email": {},
    "account_email_verification_sent": {},
    "account_change_password": {},
    "account_set_password": {},
    "account_reset_password": {},
    "account_confirm_login_code": {},
    "account_confirm_email": {"key": "not-a-real-key"},
    "account_reset_password_from_key_done": {},
    "account_reset_password_from_key": {"uidb36": "zz", "key": "not-a-real-key"},
    "account_reset_password_done": {},
    "mfa_index": {},
    "mfa_authenticate": {},
    "mfa_reauthenticate": {},
    "mfa_activate_totp": {},
    "mfa_deactivate_totp": {},
    "mfa_view_recovery_codes": {},
    "mfa_generate_recovery_codes": {},
    "mfa_download_recovery_codes": {},
    "usersessions_list": {},
}


def _all_patterns(patterns=None):  # type: ignore[no-untyped-def]
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _all_patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def test_every_url_pattern_is_in_the_matrix():
    covered = {case.name for case in CASES} | set(AUTH_URLS)
    unnamed = [str(p.pattern) for p in _all_patterns() if not p.name]
    missing = sorted({p.name for p in _all_patterns() if p.name} - covered)
    assert not unnamed, f"URL patterns without a name cannot be checked: {unnamed}"
    assert not missing, f"URL patterns missing from the access matrix: {missing}"


def _case_id(case: Case) -> str:
    return case.name


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=[f"{c.name}-{i}" for i, c in enumerate(CASES)])
def test_each_persona_gets_exactly_what_the_matrix_says(case, persona, world, client, signed_in):
    # Given the persona (signed in with their second factor, unless anonymous)
    if persona != "anonymous":
        signed_in(world.persona(persona))
    url = case.url(world)
    # When they request the URL
    response = getattr(client, case.method)(url, case.data)
    # Then the status is the one the matrix names; anything unlisted is a 404 (existence does not leak)
    expected = case.expect.get(persona, 404)
    if expected == LOGIN:
        assert response.status_code == 302, f"{persona} {url}: {response.status_code}"
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, f"{persona} {url}: {response.status_code}"
    # And every refusal of a signed-in persona is audited; a refused family names the family asked for
    if persona != "anonymous" and expected == 404:
        denials = AuditEvent.objects.filter(outcome=AuditOutcome.DENIED, actor_id=world.persona(persona).pk)
        assert denials.count() == 1
        if case.family is not None:
            assert denials.get().subject_id == str(case.family(world).uuid)


@pytest.mark.parametrize("persona", ["anonymous", "practitioner", "outsider"])
@pytest.mark.parametrize("name", sorted(AUTH_URLS))
def test_sign_in_and_account_pages_never_fail_or_show_family_records(name, persona, world, client, signed_in):
    if persona != "anonymous":
        signed_in(world.persona(persona))
    response = client.get(reverse(name, kwargs=AUTH_URLS[name] or None))
    assert response.status_code < 500
    body = response.content.decode()
    for family in (world.family_a, world.family_b, world.family_c, world.family_x):
        assert family.name not in body
