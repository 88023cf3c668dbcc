from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nestling.accounts.models import User
from nestling.families.models import Family


def test_the_demo_has_staff_of_every_role_and_families(db, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "practitioner@demo.nestling.test" in out and "nestling-demo-2026" in out
    assert Family.objects.count() == 24
    roles = set(User.objects.values_list("role_assignments__role", flat=True))
    assert {"practitioner", "supervisor", "manager", "org_admin", "privacy_officer"} <= roles


def test_the_demo_builds_a_large_data_set_in_bulk(db, capsys):
    call_command("demo", "--families", "2000")
    assert Family.objects.count() == 2000
    assert "2000 families in" in capsys.readouterr().out


def test_the_demo_code_matches_the_authenticator(db, capsys):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    call_command("demo")
    capsys.readouterr()
    call_command("demo", "--code", "supervisor@demo.nestling.test")
    code = capsys.readouterr().out.strip()
    authenticator = Authenticator.objects.get(user__email="supervisor@demo.nestling.test")
    assert TOTP(authenticator).validate_code(code)


def test_the_demo_refuses_a_second_run_with_a_clear_message(db):
    call_command("demo")
    with pytest.raises(CommandError) as refusal:
        call_command("demo")
    assert refusal.value.returncode == 2


def _nestling(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nestling", *args],
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_check(tmp_path):
    result = _nestling(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        NESTLING_ENV="production",
        SECRET_KEY="x" * 20 + "synthetic-production-like-secret-for-the-check-only",
        NESTLING_AUDIT_KEY="k" * 8 + "synthetic-audit-key-for-the-check-only",
        ALLOWED_HOSTS="nestling.example.org",
        NESTLING_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_bad_setting_stops_start_up_with_a_message_naming_it(tmp_path):
    result = _nestling("check", NESTLING_ENV="staging", NESTLING_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "NESTLING_ENV must be one of" in result.stderr
    result = _nestling("check", NESTLING_ENV="production", NESTLING_DATA_DIR=str(tmp_path))
    assert "SECRET_KEY must be set" in result.stderr


def test_the_demo_has_screening_histories_with_a_positive_epds_whose_alert_was_answered(db):
    from nestling.screening.models import SafetyAlert, ScreeningResult

    call_command("demo")
    epds = ScreeningResult.objects.filter(instrument="epds", positive=True)
    assert epds.exists()
    alert = SafetyAlert.objects.get(result__in=epds)
    assert alert.responded_at is not None and alert.risk == "moderate"
    # three in one history, and the one whose follow-up was open when its family was discharged
    assert ScreeningResult.objects.filter(instrument="phq-9").count() == 4


def test_the_demo_closed_the_older_follow_ups_and_left_the_recent_ones_to_do(db):
    from nestling.tasks.models import Task

    call_command("demo")
    screen_tasks = Task.objects.filter(result__subject__kind="caregiver")
    closed = screen_tasks.filter(done_at__isnull=False)
    assert closed.exists() and all(t.outcome in ("referral_made", "family_discharged") for t in closed)
    assert screen_tasks.filter(done_at__isnull=True).exists()


def test_the_demo_has_a_toddler_whose_mchat_r_was_followed_up(db):
    from nestling.screening.models import ScreeningResult
    from nestling.tasks.models import Task

    call_command("demo")
    mchat = ScreeningResult.objects.get(instrument="mchat-r", band="moderate")
    follow_up = ScreeningResult.objects.get(instrument="mchat-r-follow-up")
    assert follow_up.subject_id == mchat.subject_id and (follow_up.total, follow_up.positive) == (1, False)
    assert Task.objects.get(result=mchat).outcome == "follow_on_given"


def test_the_demo_has_two_parents_on_the_portal_each_seeing_only_their_own(db, capsys, client):
    from nestling.pathways.models import FamilyPathway
    from nestling.portal.models import PortalAccount, QuestionnaireAssignment

    # Given the demo
    call_command("demo")
    out = capsys.readouterr().out
    # Then the sign-ins list both caregivers
    assert "caregiver@demo.nestling.test" in out and "caregiver2@demo.nestling.test" in out
    mother = PortalAccount.objects.select_related("caregiver", "family").get(
        user__email="caregiver@demo.nestling.test"
    )
    father = PortalAccount.objects.select_related("caregiver").get(
        user__email="caregiver2@demo.nestling.test"
    )
    # And they are caregivers of one household, on the example pathway, with a PHQ-9 waiting for the mother
    assert father.family_id == mother.family_id
    assert FamilyPathway.objects.filter(family=mother.family, ended_on__isnull=True).exists()
    assert QuestionnaireAssignment.objects.filter(caregiver=mother.caregiver, instrument="phq-9").exists()
    # And the mother reads her portal in Spanish; the father's portal shows nothing of hers
    client.force_login(mother.user)
    assert '<html lang="es"' in client.get("/portal/").content.decode()
    client.force_login(father.user)
    page = client.get("/portal/").content.decode()
    assert mother.caregiver.phone not in page and "PHQ" not in page


def test_production_answers_the_health_check_over_http_and_redirects_every_page(tmp_path):
    """A load balancer asks /healthz over plain HTTP behind the TLS it ends; every other page goes to
    https."""
    probe = (
        "from django.test import Client; c = Client(); "
        "print(c.get('/healthz').status_code, c.get('/accounts/login/').status_code)"
    )
    result = _nestling(
        "shell",
        "-c",
        probe,
        NESTLING_ENV="production",
        SECRET_KEY="x" * 20 + "synthetic-production-like-secret-for-the-check-only",
        NESTLING_AUDIT_KEY="k" * 8 + "synthetic-audit-key-for-the-check-only",
        ALLOWED_HOSTS="testserver",
        NESTLING_DATA_DIR=str(tmp_path),
        # The health check reads its database: a file of its own, whichever database the suite runs on.
        DATABASE_URL=f"sqlite:///{tmp_path / 'health.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["200", "301"]
