"""argon2id password hashes (argon2-cffi) with the parameters in PortalSettings.

Hashing is slow on purpose: call these outside ``db.write()``. ``verify_or_dummy`` checks an
unknown user's attempt against a dummy hash, so that it takes as long as a wrong password.
"""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from hcpay.portal.settings import PortalSettings


@cache
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(
        time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism,
        hash_len=32, salt_len=16, type=Type.ID,
    )


def hasher(settings: PortalSettings) -> PasswordHasher:
    return _hasher(
        settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism
    )


@cache
def _dummy_hash(time_cost: int, memory_kib: int, parallelism: int) -> str:
    return _hasher(time_cost, memory_kib, parallelism).hash(secrets.token_urlsafe(24))


def hash_password(password: str, settings: PortalSettings) -> str:
    return hasher(settings).hash(password)


def verify_password(stored_hash: str | None, password: str, settings: PortalSettings) -> bool:
    """True when ``password`` matches; an unknown user (None) costs the same as a mismatch."""
    ph = hasher(settings)
    target = stored_hash or _dummy_hash(
        settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism
    )
    try:
        ph.verify(target, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return stored_hash is not None


def needs_rehash(stored_hash: str, settings: PortalSettings) -> bool:
    return hasher(settings).check_needs_rehash(stored_hash)


def warm_up(settings: PortalSettings) -> None:
    """Make the dummy hash now, so that the first unknown-user attempt is not slower."""
    _dummy_hash(settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)
