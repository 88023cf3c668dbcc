"""What a burst of sign-ins costs with each password hasher: PBKDF2 (Django's default, Nestling's until
Argon2) and Argon2id (Nestling's now), with Django's parameters for each. See bench/README.md.

    .venv/bin/python bench/sign_in_burst.py                 # 40 sign-ins per hasher, 1 and 2 at a time
    .venv/bin/python bench/sign_in_burst.py --burst 100     # a bigger burst

For each hasher it makes `--burst` synthetic accounts with that hasher's hash, then verifies their
passwords as the sign-in's password step does (`check_password`, the work a sign-in's `POST` waits for),
one after another and from two threads at once (the 2 cores a small program's server has), and prints
verifications per second, the median and p95 of one verification, and the peak memory Argon2 asks for.
Nothing touches a database or a network.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HASHERS = {
    "PBKDF2-SHA256": "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "Argon2id": "django.contrib.auth.hashers.Argon2PasswordHasher",
}


def _setup() -> None:
    os.environ.setdefault("NESTLING_ENV", "development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def _timed(check, passwords_and_hashes, threads: int) -> tuple[float, list[float]]:
    def one(pair: tuple[str, str]) -> float:
        started = time.perf_counter()
        assert check(*pair)
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        durations = list(pool.map(one, passwords_and_hashes))
    return time.perf_counter() - started, durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--burst", type=int, default=40, help="sign-ins per hasher (40)")
    arguments = parser.parse_args()
    _setup()
    from django.contrib.auth.hashers import check_password, get_hasher, make_password
    from django.test.utils import override_settings

    print(f"{'hasher':<15} {'threads':>7} {'sign-ins/s':>11} {'p50 ms':>8} {'p95 ms':>8}  parameters")
    for label, dotted in HASHERS.items():
        with override_settings(PASSWORD_HASHERS=[dotted]):
            hasher = get_hasher("default")
            pairs = [(f"synthetic passphrase {n}", "") for n in range(arguments.burst)]
            pairs = [(password, make_password(password)) for password, _ in pairs]
            if label == "Argon2id":
                parameters = (
                    f"time_cost={hasher.time_cost}, memory={hasher.memory_cost // 1024} MiB, "
                    f"parallelism={hasher.parallelism}"
                )
            else:
                parameters = f"iterations={hasher.iterations:,}"
            for threads in (1, 2):
                elapsed, durations = _timed(check_password, pairs, threads)
                durations.sort()
                p95 = durations[max(0, int(len(durations) * 0.95) - 1)]
                print(
                    f"{label:<15} {threads:>7} {len(pairs) / elapsed:>11.1f} "
                    f"{statistics.median(durations) * 1000:>8.0f} {p95 * 1000:>8.0f}  {parameters}"
                )


if __name__ == "__main__":
    main()
