"""Test helpers for anything that needs a member: make one over HTTP, read the outbox, sign in.

    username, password, tokens = create_verified_member(client)
    client.get("/api/v1/me", headers=bearer(tokens))
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from typing import Any

import httpx
import pyotp
from fastapi import FastAPI
from fastapi.testclient import TestClient

# Settings for test portals: cheap argon2 (tests make many accounts) and no per-address rate
# limit in the way (every TestClient request comes from the same address). The defaults stay
# strong; tests of the rate limit use the default.
FAST_PORTAL_SETTINGS: dict[str, object] = {
    "argon2_time_cost": 1,
    "argon2_memory_kib": 1024,
    "argon2_parallelism": 1,
    "login_rate_per_minute": 100_000,
}


def unique(prefix: str = "m") -> str:
    return f"{prefix}{secrets.token_hex(5)}"


def random_ssn() -> str:
    """A random SSN of valid shape (area 100-665, group 10-99, serial 1000-9999)."""
    area = 100 + secrets.randbelow(566)
    group = 10 + secrets.randbelow(90)
    serial = 1000 + secrets.randbelow(9000)
    return f"{area:03d}-{group:02d}-{serial:04d}"


def strong_password() -> str:
    return f"Violet-Harbor-{secrets.token_hex(3)}!"


def account_body(**overrides: Any) -> dict[str, Any]:
    """A valid sign-up body with a unique username and email."""
    username = overrides.pop("username", None) or unique("user")
    body: dict[str, Any] = {
        "first_name": "Jordan",
        "last_name": "Alvarez",
        "date_of_birth": "1985-06-15",
        "ssn": random_ssn(),
        "email": f"{username}@example.com",
        "phone": "617-555-0123",
        "username": username,
        "password": strong_password(),
    }
    body.update(overrides)
    return body


def messages_to(client: httpx.Client, to: str) -> list[dict[str, Any]]:
    res = client.get("/sandbox/outbox", params={"to": to})
    assert res.status_code == 200, res.text
    items: list[dict[str, Any]] = res.json()["items"]
    return items


def verification_code(client: TestClient, email: str) -> str:
    """The code in the latest verification message to ``email``."""
    found = [m for m in messages_to(client, email) if "verification" in m["subject"].lower()]
    assert found, f"no verification message to {email}"
    match = re.search(r"\b(\d{6})\b", found[-1]["body"])
    assert match, "no 6-digit code in the verification message"
    return match.group(1)


def reset_code(client: httpx.Client, email: str) -> str:
    """The reset code (``7K2M-9QX4``) in the latest reset message to ``email`` (a TestClient,
    or an httpx.Client on a served portal)."""
    found = [m for m in messages_to(client, email) if "reset" in m["subject"].lower()]
    assert found, f"no reset message to {email}"
    match = re.search(r"reset code: ([0-9A-Z]{4}-[0-9A-Z]{4})\n", found[-1]["body"])
    assert match, "no reset code in the reset message"
    return match.group(1)


def create_member(client: TestClient, **overrides: Any) -> dict[str, Any]:
    """Sign up (unverified); returns the body that was sent, plus ``member_id``."""
    body = account_body(**overrides)
    res = client.post("/api/v1/accounts", json=body)
    assert res.status_code == 201, res.text
    body["member_id"] = res.json()["member_id"]
    return body


def verify(client: TestClient, body: dict[str, Any]) -> None:
    code = verification_code(client, body["email"])
    res = client.post("/api/v1/accounts/verify", json={"username": body["username"], "code": code})
    assert res.status_code == 200, res.text


def sign_in(client: TestClient, username: str, password: str, otp: str | None = None) -> Any:
    payload: dict[str, Any] = {"username": username, "password": password}
    if otp is not None:
        payload["otp"] = otp
    return client.post("/api/v1/sessions", json=payload)


def create_verified_member(
    client: TestClient, **overrides: Any
) -> tuple[str, str, dict[str, Any]]:
    """Sign up, verify and sign in; returns (username, password, tokens from POST /sessions)."""
    body = create_member(client, **overrides)
    verify(client, body)
    res = sign_in(client, body["username"], body["password"])
    assert res.status_code == 201, res.text
    return body["username"], body["password"], res.json()


def bearer(tokens: dict[str, Any] | str) -> dict[str, str]:
    token = tokens if isinstance(tokens, str) else tokens["access_token"]
    return {"Authorization": f"Bearer {token}"}


def advance_clock(app: FastAPI, **delta: float) -> None:
    """Move the sandbox clock forward by ``timedelta(**delta)`` (minutes=16, hours=12, ...)."""
    clock = app.state.portal.clock
    clock.move_to(clock.now() + timedelta(**delta))


class TOTP(pyotp.TOTP):
    """Also for 80-bit secrets such as the demo agent's."""

    min_secret_length_bits = 80


def totp_now(app: FastAPI, secret: str) -> str:
    """The current code for ``secret`` by the portal's clock."""
    return str(TOTP(secret).at(app.state.portal.clock.now()))


def totp_next(app: FastAPI, secret: str) -> str:
    """The code of the next 30-second step (a code works once, so a second sign-in needs it)."""
    return str(TOTP(secret).at(app.state.portal.clock.now() + timedelta(seconds=30)))
