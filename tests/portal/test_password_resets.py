"""Forgot password: 202 always, a single-use 15-minute reset code a person can type (5 wrong
tries end it) through the outbox, every session ended, two-step sign-in still asked for."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers.accounts import (
    advance_clock,
    bearer,
    create_member,
    create_verified_member,
    messages_to,
    reset_code,
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
    token = reset_code(client, email)
    assert len(token) == 9  # 7K2M-9QX4: 40 random bits a person can read and type

    new_password = strong_password()
    res = client.post(
        "/api/v1/password-resets/confirm",
        json={"username_or_email": username, "code": token, "new_password": new_password},
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
        json={"username_or_email": username, "code": token, "new_password": strong_password()},
    )
    assert again.status_code == 422
    assert again.json()["code"] == "invalid_code"
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


def test_code_expires_after_15_minutes(client: TestClient, portal_app: FastAPI) -> None:
    username, _, tokens = create_verified_member(client)
    client.post("/api/v1/password-resets", json={"username_or_email": username})
    token = reset_code(client, _email(client, tokens))
    advance_clock(portal_app, minutes=16)
    res = client.post(
        "/api/v1/password-resets/confirm",
        json={"username_or_email": username, "code": token, "new_password": strong_password()},
    )
    assert res.status_code == 422
    assert res.json()["code"] == "invalid_code"


def test_only_the_latest_code_works(client: TestClient) -> None:
    username, _, tokens = create_verified_member(client)
    email = _email(client, tokens)
    client.post("/api/v1/password-resets", json={"username_or_email": username})
    first = reset_code(client, email)
    client.post("/api/v1/password-resets", json={"username_or_email": username})
    second = reset_code(client, email)
    res = client.post(
        "/api/v1/password-resets/confirm",
        json={"username_or_email": username, "code": first, "new_password": strong_password()},
    )
    assert res.status_code == 422
    res = client.post(
        "/api/v1/password-resets/confirm",
        json={"username_or_email": username, "code": second, "new_password": strong_password()},
    )
    assert res.status_code == 204


def test_new_password_follows_the_policy_and_keeps_the_code(client: TestClient) -> None:
    username, _, tokens = create_verified_member(client)
    client.post("/api/v1/password-resets", json={"username_or_email": username})
    token = reset_code(client, _email(client, tokens))
    res = client.post(
        "/api/v1/password-resets/confirm",
        json={"username_or_email": username, "code": token, "new_password": "password123"},
    )
    assert res.status_code == 422
    rules = {e["rule"] for e in res.json()["errors"]}
    assert {"too_short", "common"} <= rules
    res = client.post(
        "/api/v1/password-resets/confirm",
        json={"username_or_email": username, "code": token, "new_password": strong_password()},
    )
    assert res.status_code == 204


def test_reset_does_not_skip_two_step(client: TestClient, portal_app: FastAPI) -> None:
    username, password, tokens = create_verified_member(client)
    secret = client.post(
        "/api/v1/me/two-step", json={"password": password}, headers=bearer(tokens)
    ).json()["secret"]
    client.post(
        "/api/v1/me/two-step/confirm",
        json={"otp": totp_now(portal_app, secret), "password": password},
        headers=bearer(tokens),
    )
    client.post("/api/v1/password-resets", json={"username_or_email": username})
    new_password = strong_password()
    res = client.post(
        "/api/v1/password-resets/confirm",
        json={
            "username_or_email": username,
            "code": reset_code(client, _email(client, tokens)),
            "new_password": new_password,
        },
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
        json={
            "username_or_email": username,
            "code": reset_code(client, _email(client, tokens)),
            "new_password": new_password,
        },
    )
    assert sign_in(client, username, new_password).status_code == 201


def _confirm(client: TestClient, username: str, code: str) -> Any:
    return client.post(
        "/api/v1/password-resets/confirm",
        json={"username_or_email": username, "code": code, "new_password": strong_password()},
    )


def _wrong(code: str) -> str:
    """Another code of the same shape."""
    first = "1" if code[0] != "1" else "2"
    return first + code[1:]


def test_five_wrong_tries_end_the_code_and_the_answer_names_no_account(
    client: TestClient,
) -> None:
    username, _, tokens = create_verified_member(client)
    client.post("/api/v1/password-resets", json={"username_or_email": username})
    code = reset_code(client, _email(client, tokens))
    # typed as a person would: lower case, a space instead of the dash, O for 0 is fine too
    typed = code.lower().replace("-", " ")
    check = client.post(
        "/api/v1/password-resets/check", json={"username_or_email": username, "code": typed}
    )
    assert check.status_code == 204
    answers = []
    for _ in range(5):
        res = client.post(
            "/api/v1/password-resets/check",
            json={"username_or_email": username, "code": _wrong(code)},
        )
        assert res.status_code == 422
        answers.append(res.json())
    assert _confirm(client, username, code).status_code == 422  # the right code is ended now
    nobody = client.post(
        "/api/v1/password-resets/check", json={"username_or_email": unique("nobody"), "code": code}
    )
    assert nobody.status_code == 422
    assert nobody.json() == answers[0] == answers[-1]  # the same words for every failure
    assert "token" not in nobody.text.lower()
    client.post("/api/v1/password-resets", json={"username_or_email": username})
    assert _confirm(client, username, reset_code(client, _email(client, tokens))).status_code == 204


def test_asking_again_cannot_turn_five_tries_into_many(client: TestClient) -> None:
    username, _, tokens = create_verified_member(client)
    email = _email(client, tokens)
    before = len(messages_to(client, email))
    for _ in range(7):
        assert (
            client.post("/api/v1/password-resets", json={"username_or_email": username}).status_code
            == 202
        )
    assert len(messages_to(client, email)) - before == 5  # at most five codes an hour


def test_two_requests_with_the_right_code_at_once_use_it_once(client: TestClient) -> None:
    username, _, tokens = create_verified_member(client)
    client.post("/api/v1/password-resets", json={"username_or_email": username})
    code = reset_code(client, _email(client, tokens))
    with ThreadPoolExecutor(4) as pool:
        codes = list(pool.map(lambda _: _confirm(client, username, code).status_code, range(4)))
    assert sorted(codes) == [204, 422, 422, 422]
