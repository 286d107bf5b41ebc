"""The last dashboard snapshot, for showing something useful while the portal is unreachable.

It holds only what the dashboard shows (amounts, dates, statuses, masked method names): never a
token, password, card number or SSN. Mode 0600, with the time it was taken.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hcpay import paths

SNAPSHOT_FILE = "dashboard.json"
# Keys that may never be written, at any depth, whatever a newer portal sends.
_SECRET_KEYS = frozenset(
    {"access_token", "refresh_token", "token", "password", "ssn", "number", "cvc",
     "account_number", "routing_number", "secret", "otpauth_uri", "recovery_codes"}
)


@dataclass(frozen=True)
class Snapshot:
    taken_at: datetime  # aware UTC
    portal_url: str
    username: str
    data: dict[str, Any]

    def age_text(self) -> str:
        """'as of 14:05 on 3 March 2030', for the offline banner."""
        local = self.taken_at.astimezone()
        return f"as of {local:%H:%M} on {local.day} {local:%B %Y}"


def _path() -> Path:
    return paths.cache_dir() / SNAPSHOT_FILE


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items() if str(k).lower() not in _SECRET_KEYS}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def save(
    portal_url: str, username: str, data: dict[str, Any], *, now: datetime | None = None
) -> Path:
    """Keep ``data`` (e.g. ``summary.model_dump(mode="json")``) as the last snapshot."""
    path = _path()
    body = {
        "taken_at": (now or datetime.now(UTC)).isoformat(),
        "portal_url": portal_url,
        "username": username,
        "data": _scrub(data),
    }
    paths.write_private(path, json.dumps(body).encode())
    return path


def load(portal_url: str, username: str) -> Snapshot | None:
    """The last snapshot of this portal and member, or None (none, unreadable, someone else's)."""
    try:
        body = json.loads(_path().read_text())
        snap = Snapshot(
            taken_at=datetime.fromisoformat(body["taken_at"]),
            portal_url=str(body["portal_url"]),
            username=str(body["username"]),
            data=dict(body["data"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if snap.portal_url != portal_url or snap.username != username:
        return None
    return snap


def clear() -> bool:
    """Remove the snapshot; True when there was one."""
    removed = False
    for path in (_path(), _path().with_name(SNAPSHOT_FILE + ".tmp")):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed = True
    return removed
