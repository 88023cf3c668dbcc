"""The audit key comes from the environment, and production refuses to start without a real one."""

from __future__ import annotations

import hashlib
import hmac
import os
import subprocess
import sys

PRODUCTION = {
    "NESTLING_ENV": "production",
    "SECRET_KEY": "synthetic-production-like-secret-for-the-check-only-0123456789",
    "ALLOWED_HOSTS": "nestling.example.org",
}


def _check(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nestling", "check"],
        env={
            **{
                k: v
                for k, v in os.environ.items()
                if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "NESTLING_AUDIT_KEY")
            },
            "NESTLING_DATA_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_its_own_audit_key(tmp_path):
    # Given production settings with no audit key, a short one, or the SECRET_KEY again
    missing = _check(tmp_path, **PRODUCTION)
    short = _check(tmp_path, **PRODUCTION, NESTLING_AUDIT_KEY="too-short")
    reused = _check(tmp_path, **PRODUCTION, NESTLING_AUDIT_KEY=PRODUCTION["SECRET_KEY"])
    # Then each stops start-up with a message naming the variable
    assert missing.returncode != 0 and "NESTLING_AUDIT_KEY must be set" in missing.stderr
    assert short.returncode != 0 and "NESTLING_AUDIT_KEY must be at least 32 characters" in short.stderr
    assert reused.returncode != 0 and "not SECRET_KEY" in reused.stderr
    # while a key of its own starts
    own = _check(
        tmp_path, **PRODUCTION, NESTLING_AUDIT_KEY="k" * 8 + "synthetic-audit-key-for-the-check-only"
    )
    assert own.returncode == 0, own.stderr


def test_outside_production_the_key_is_derived_from_the_secret_key(tmp_path):
    # Given development settings with no audit key of their own
    shown = subprocess.run(
        [
            sys.executable,
            "-m",
            "nestling",
            "shell",
            "-v",
            "0",
            "-c",
            "from django.conf import settings; print(settings.AUDIT_KEY)",
        ],
        env={
            **{
                k: v
                for k, v in os.environ.items()
                if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "NESTLING_AUDIT_KEY")
            },
            "NESTLING_ENV": "development",
            "NESTLING_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "synthetic-development-secret",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    # Then the key is an HMAC of SECRET_KEY, never SECRET_KEY itself
    expected = hmac.new(b"synthetic-development-secret", b"nestling audit key", hashlib.sha256).hexdigest()
    assert shown.stdout.strip() == expected
