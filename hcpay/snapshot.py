"""The dashboard's last snapshot, kept so the app can show something useful offline.

Only the summary figures are kept (amounts, dates, statuses), never a token, password, card or
SSN; the file is mode 0600 in the user cache dir and carries the time it was taken.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hcpay import paths


@dataclass(frozen=True)
class Snapshot:
    summary: dict[str, Any]
    first_name: str
    taken_at: datetime


def _path(portal_key: str, username: str) -> Path:
    digest = hashlib.sha256(f"{portal_key}\0{username.lower()}".encode()).hexdigest()[:16]
    return paths.cache_dir() / f"dashboard-{digest}.json"


def save(
    portal_key: str, username: str, summary: dict[str, Any], first_name: str,
    *, now: datetime | None = None,
) -> Path:
    path = _path(portal_key, username)
    taken = (now or datetime.now(UTC)).isoformat()
    data = json.dumps({"summary": summary, "first_name": first_name, "taken_at": taken})
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(data)
    os.replace(tmp, path)
    return path


def load(portal_key: str, username: str) -> Snapshot | None:
    path = _path(portal_key, username)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Snapshot(
            summary=dict(data["summary"]), first_name=str(data.get("first_name", "")),
            taken_at=datetime.fromisoformat(data["taken_at"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def forget(portal_key: str, username: str) -> None:
    _path(portal_key, username).unlink(missing_ok=True)
