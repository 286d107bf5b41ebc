"""An unknown username costs the same password check as a wrong password (a dummy hash), so
response time does not tell which usernames exist."""

from __future__ import annotations

import statistics
import time

from hcpay.portal.services.passwords import hash_password, verify_password, warm_up
from hcpay.portal.settings import PortalSettings

# Dearer than the test defaults so that the hash dominates the measurement; cheaper than live.
SETTINGS = PortalSettings(argon2_time_cost=2, argon2_memory_kib=16384, argon2_parallelism=1)


def _median_seconds(stored: str | None, rounds: int = 7) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        assert verify_password(stored, "Not-The-Password-42", SETTINGS) is False
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def test_unknown_user_takes_as_long_as_a_wrong_password() -> None:
    warm_up(SETTINGS)
    stored = hash_password("The-Real-Password-42", SETTINGS)
    wrong = _median_seconds(stored)
    unknown = _median_seconds(None)
    assert wrong > 0.002  # the hash really ran
    assert 0.33 < unknown / wrong < 3.0
