"""Forgot password: 202 always, a single-use 30-minute token through the outbox, every session
ended, two-step sign-in still asked for."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers.accounts import (
    advance_clock,
    bearer,
    create_member,
    create_verified_member,
    messages_to,
    reset_token,
    sign_in,
    strong_password,
    totp_next,
    totp_now,
    unique,
)


def _email(client: TestClient, tokens: dict[str, object]) -> str:
    email: str = client.get("/api/v1/me", headers=bearer(tokens)).json()["email"]
    return email


def test_reset_works_once_and_ends_every_session(client: TestClient) -> None:
    username, old_password, phone = create_verified_member(client)
    laptop = sign_in(client, username, old_password).json()
    email = _email(client, phone)

    res = client.post("/api/v1/password-resets", json={"username_or_email": username})
    assert res.status_code == 202
    token = reset_token(client, email)
    assert len(token) >= 22  # at least 128 bits, urlsafe base64

    new_password = strong_password()
    res = client.post(
        "/api/v1/password-resets/confirm", json={"token": token, "new_password": new_password}
    )
    assert res.status_code == 204
    for tokens in (phone, laptop):
        res = client.get("/api/v1/me", headers=bearer(tokens))
        assert res.status_code == 401
        assert res.json()["code"] == "session_revoked"
        res = client.post(
            "/api/v1/sessions/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
        assert res.status_code == 401
    assert sign_in(client, username, old_password).status_code == 401
    assert sign_in(client, username, new_password).status_code == 201
    assert any("password was changed" in m["subject"] for m in messages_to(client, email))

    again = client.post(
        "/api/v1/password-resets/confirm",
        json={"token": token, "new_password": strong_password()},
    )
    assert again.status_code == 422
    assert again.json()["code"] == "invalid_token"
    assert sign_in(client, username, new_password).status_code == 201


def test_reset_by_email_and_for_nobody_both_202(client: TestClient) -> None:
    body = create_member(client)
    before = len(messages_to(client, body["email"]))
    res = client.post("/api/v1/password-resets", json={"username_or_email": body["email"].upper()})
    assert res.status_code == 202
    assert len(messages_to(client, body["email"])) == before + 1
    nobody = client.post(
        "/api/v1/password-resets", json={"username_or_email": f"{unique('x')}@example.com"}
    )
    assert nobody.status_code == 202
    assert nobody.json() == res.json()


def test_token_expires_after_30_minutes(client: TestClient, portal_app: FastAPI) -> None:
    username, _, tokens = create_verified_member(client)
    client.post("/api/v1/password-resets", json={"username_or_email": username})
    token = reset_token(client, _email(client, tokens))
    advance_clock(portal_app, minutes=31)
    res = client.post(
        "/api/v1/password-resets/confirm", json={"token": token, "new_password": strong_password()}
    )
    assert res.status_code == 422
    assert res.json()["code"] == "invalid_token"


def test_only_the_latest_token_works(client: TestClient) -> None:
    username, _, tokens = create_verified_member(client)
    email = _email(client, tokens)
    client.post("/api/v1/password-resets", json={"username_or_email": username})
    first = reset_token(client, email)
    client.post("/api/v1/password-resets", json={"username_or_email": username})
    second = reset_token(client, email)
    res = client.post(
        "/api/v1/password-resets/confirm", json={"token": first, "new_password": strong_password()}
    )
    assert res.status_code == 422
    res = client.post(
        "/api/v1/password-resets/confirm", json={"token": second, "new_password": strong_password()}
    )
    assert res.status_code == 204


def test_new_password_follows_the_policy_and_keeps_the_token(client: TestClient) -> None:
    username, _, tokens = create_verified_member(client)
    client.post("/api/v1/password-resets", json={"username_or_email": username})
    token = reset_token(client, _email(client, tokens))
    res = client.post(
        "/api/v1/password-resets/confirm", json={"token": token, "new_password": "password123"}
    )
    assert res.status_code == 422
    rules = {e["rule"] for e in res.json()["errors"]}
    assert {"too_short", "common"} <= rules
    res = client.post(
        "/api/v1/password-resets/confirm", json={"token": token, "new_password": strong_password()}
    )
    assert res.status_code == 204


def test_reset_does_not_skip_two_step(client: TestClient, portal_app: FastAPI) -> None:
    username, password, tokens = create_verified_member(client)
    secret = client.post("/api/v1/me/two-step", json={"password": password},
                         headers=bearer(tokens)).json()["secret"]
    client.post(
        "/api/v1/me/two-step/confirm",
        json={"otp": totp_now(portal_app, secret), "password": password},
        headers=bearer(tokens),
    )
    client.post("/api/v1/password-resets", json={"username_or_email": username})
    new_password = strong_password()
    res = client.post(
        "/api/v1/password-resets/confirm",
        json={"token": reset_token(client, _email(client, tokens)), "new_password": new_password},
    )
    assert res.status_code == 204
    res = sign_in(client, username, new_password)
    assert res.status_code == 401
    assert res.json()["code"] == "otp_required"
    assert sign_in(client, username, new_password, totp_next(portal_app, secret)).status_code == 201


def test_reset_unlocks_a_locked_account(client: TestClient) -> None:
    username, _, tokens = create_verified_member(client)
    for _ in range(5):
        sign_in(client, username, "Wrong-Password-123")
    assert sign_in(client, username, "Wrong-Password-123").status_code == 423
    client.post("/api/v1/password-resets", json={"username_or_email": username})
    new_password = strong_password()
    client.post(
        "/api/v1/password-resets/confirm",
        json={"token": reset_token(client, _email(client, tokens)), "new_password": new_password},
    )
    assert sign_in(client, username, new_password).status_code == 201
