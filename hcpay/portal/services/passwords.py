"""argon2id password hashes (argon2-cffi) with the parameters in PortalSettings.

Hashing is slow on purpose: call these outside ``db.write()``. ``verify_or_dummy`` checks an
unknown user's attempt against a dummy hash, so that it takes as long as a wrong password.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
import threading
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from hcpay import paths
from hcpay.portal.settings import PortalSettings

DEMO_HASHES_FILE = "demo-password-hashes.json"


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


def warm_up(settings: PortalSettings, *, in_background: bool = False) -> None:
    """Make the dummy hash now, so that the first unknown-user attempt is not slower;
    ``in_background``: in a thread, off the path to the portal being ready (a sign-in that
    comes first makes it itself)."""
    params = (settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)
    if in_background:
        threading.Thread(target=_dummy_hash, args=params, name="argon2-warm-up",
                         daemon=True).start()
    else:
        _dummy_hash(*params)


def demo_hash(password: str, settings: PortalSettings) -> str:
    """The hash of a demo account's published password, made once for these parameters and
    kept in the data directory: ``hcpay demo`` makes its database afresh at every start, and
    hashing its accounts' passwords was half a second of each start. Sandbox only (the demo
    passwords are printed in product-rules.md; no member's password is kept so)."""
    key = hashlib.sha256(json.dumps([
        password, settings.argon2_time_cost, settings.argon2_memory_kib,
        settings.argon2_parallelism]).encode()).hexdigest()
    path = paths.data_dir() / DEMO_HASHES_FILE
    try:
        kept: dict[str, str] = json.loads(path.read_text())
    except (OSError, ValueError):
        kept = {}
    found = kept.get(key) if isinstance(kept, dict) else None
    if isinstance(found, str) and found.startswith("$argon2id$"):
        return found
    made = hash_password(password, settings)
    kept = {**(kept if isinstance(kept, dict) else {}), key: made}
    with contextlib.suppress(OSError):  # not kept: the next start hashes again
        paths.write_private(path, json.dumps(kept).encode())
    return made
