"""Signing in and out: identical answers for unknown users, lockout, refresh rotation and
replay, idle and absolute timeouts on the sandbox clock."""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers.accounts import (
    advance_clock,
    bearer,
    create_verified_member,
    sign_in,
    unique,
)


def test_unknown_user_and_wrong_password_answer_alike(client: TestClient) -> None:
    username, password, _ = create_verified_member(client)
    wrong = sign_in(client, username, password + "?")
    unknown = sign_in(client, unique("nobody"), password)
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "invalid_credentials"
    assert wrong.headers["content-type"] == unknown.headers["content-type"]
    assert "password" not in {k.lower() for k in wrong.json()}


def test_each_attempt_is_logged_without_the_password(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    username, password, _ = create_verified_member(client)
    # listen on the logger itself: `logs.configure` (run by other tests) stops propagation
    logger = logging.getLogger("hcpay.portal")
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="hcpay.portal"):
            sign_in(client, username, password + "-nope")
            sign_in(client, username, password)
    finally:
        logger.removeHandler(caplog.handler)
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("hcpay.portal")]
    attempts = [line for line in lines if "sign-in attempt" in line and username in line]
    assert any("outcome=failed" in line for line in attempts)
    assert any("outcome=success" in line for line in attempts)
    assert all("client=" in line for line in attempts)
    assert not any(password in line for line in lines)


def test_five_failures_lock_for_15_minutes(client: TestClient, portal_app: FastAPI) -> None:
    username, password, _ = create_verified_member(client)
    for _ in range(4):
        assert sign_in(client, username, "Wrong-Password-123").status_code == 401
    fifth = sign_in(client, username, "Wrong-Password-123")
    assert fifth.status_code == 423
    assert fifth.json()["code"] == "locked"
    # even the right password waits now
    res = sign_in(client, username, password)
    assert res.status_code == 423
    assert res.headers["content-type"] == "application/problem+json"
    retry_after = int(res.headers["Retry-After"])
    assert 14 * 60 < retry_after <= 15 * 60
    advance_clock(portal_app, minutes=10)
    assert sign_in(client, username, password).status_code == 423
    advance_clock(portal_app, minutes=5, seconds=5)
    assert sign_in(client, username, password).status_code == 201


def test_a_success_resets_the_count(client: TestClient) -> None:
    username, password, _ = create_verified_member(client)
    for _ in range(4):
        assert sign_in(client, username, "Wrong-Password-123").status_code == 401
    assert sign_in(client, username, password).status_code == 201
    for _ in range(4):
        assert sign_in(client, username, "Wrong-Password-123").status_code == 401
    assert sign_in(client, username, password).status_code == 201


def test_unknown_usernames_lock_like_real_ones(client: TestClient) -> None:
    ghost = unique("ghost")
    answers = [sign_in(client, ghost, "Wrong-Password-123").status_code for _ in range(6)]
    assert answers == [401, 401, 401, 401, 423, 423]


def test_refresh_rotates_and_a_replay_ends_the_login(client: TestClient) -> None:
    _, _, tokens = create_verified_member(client)
    first = client.post("/api/v1/sessions/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert first.status_code == 201
    rotated = first.json()
    assert rotated["refresh_token"] != tokens["refresh_token"]
    assert rotated["access_token"] != tokens["access_token"]
    assert client.get("/api/v1/me", headers=bearer(rotated)).status_code == 200

    replay = client.post(
        "/api/v1/sessions/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert replay.status_code == 401
    assert replay.json()["code"] == "session_revoked"
    # the whole login is over: the new pair no longer works either
    res = client.post("/api/v1/sessions/refresh", json={"refresh_token": rotated["refresh_token"]})
    assert res.status_code == 401
    assert res.json()["code"] == "session_revoked"
    res = client.get("/api/v1/me", headers=bearer(rotated))
    assert res.status_code == 401
    assert res.json()["code"] == "session_revoked"


def test_unknown_refresh_token_is_401(client: TestClient) -> None:
    res = client.post("/api/v1/sessions/refresh", json={"refresh_token": "made-up"})
    assert res.status_code == 401
    assert res.json()["code"] == "invalid_token"


def test_other_logins_survive_a_replay(client: TestClient) -> None:
    username, password, phone = create_verified_member(client)
    laptop = sign_in(client, username, password).json()
    client.post("/api/v1/sessions/refresh", json={"refresh_token": phone["refresh_token"]})
    client.post("/api/v1/sessions/refresh", json={"refresh_token": phone["refresh_token"]})
    assert client.get("/api/v1/me", headers=bearer(laptop)).status_code == 200


def test_sign_out_ends_the_login_on_the_server(client: TestClient) -> None:
    _, _, tokens = create_verified_member(client)
    res = client.delete("/api/v1/sessions/current", headers=bearer(tokens))
    assert res.status_code == 204
    assert client.get("/api/v1/me", headers=bearer(tokens)).status_code == 401
    res = client.post("/api/v1/sessions/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert res.status_code == 401
    assert res.json()["code"] == "session_revoked"


def test_access_token_lives_15_minutes(client: TestClient, portal_app: FastAPI) -> None:
    _, _, tokens = create_verified_member(client)
    advance_clock(portal_app, minutes=14)
    assert client.get("/api/v1/me", headers=bearer(tokens)).status_code == 200
    advance_clock(portal_app, minutes=2)
    res = client.get("/api/v1/me", headers=bearer(tokens))
    assert res.status_code == 401
    assert res.json()["code"] == "token_expired"
    res = client.post("/api/v1/sessions/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert res.status_code == 201


def test_idle_30_minutes_ends_the_login(client: TestClient, portal_app: FastAPI) -> None:
    _, _, tokens = create_verified_member(client)
    advance_clock(portal_app, minutes=31)
    res = client.post("/api/v1/sessions/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert res.status_code == 401
    assert res.json()["code"] == "session_expired"


def test_activity_keeps_it_alive_until_12_hours(client: TestClient, portal_app: FastAPI) -> None:
    _, _, tokens = create_verified_member(client)
    refresh = tokens["refresh_token"]
    for _ in range(28):  # 28 x 25 minutes = 11 h 40 min, never idle for 30
        advance_clock(portal_app, minutes=25)
        res = client.post("/api/v1/sessions/refresh", json={"refresh_token": refresh})
        assert res.status_code == 201, res.text
        refresh = res.json()["refresh_token"]
    advance_clock(portal_app, minutes=25)  # 12 h 5 min after signing in
    res = client.post("/api/v1/sessions/refresh", json={"refresh_token": refresh})
    assert res.status_code == 401
    assert res.json()["code"] == "session_expired"


def test_control_characters_are_refused_not_a_server_error(client: TestClient) -> None:
    for path, body in [
        ("/api/v1/sessions", {"username": "a\x00b", "password": "Violet-Harbor-1"}),
        ("/api/v1/accounts/verify/resend", {"username": "a\x00b"}),
        ("/api/v1/password-resets", {"username_or_email": "a\x00b"}),
    ]:
        res = client.post(path, json=body)
        assert res.status_code == 422, (path, res.text)
        assert res.json()["errors"][0]["field"] in ("username", "username_or_email")
