"""Two-step sign-in: enrol, confirm, sign in with a code or a recovery code, turn off; agents
must have it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hcpay.portal.services.agents import add_agent, make_member
from tests.helpers.accounts import (
    advance_clock,
    bearer,
    create_verified_member,
    sign_in,
    totp_next,
    totp_now,
    unique,
)


def _enrol(
    client: TestClient, app: FastAPI, tokens: dict[str, Any], password: str, *,
    phone: bool = False,
) -> tuple[str, list[str]]:
    res = client.post("/api/v1/me/two-step", json={"password": password}, headers=bearer(tokens))
    assert res.status_code == 201, res.text
    secret = res.json()["secret"]
    uri = res.json()["otpauth_uri"]
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri and "issuer=hcpay" in uri
    res = client.post(
        "/api/v1/me/two-step/confirm",
        json={"otp": pyotp.TOTP(secret).now() if phone else totp_now(app, secret),
              "password": password},
        headers=bearer(tokens),
    )
    assert res.status_code == 200, res.text
    codes = res.json()["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    return secret, codes


def test_enrol_confirm_and_sign_in_with_a_code(client: TestClient, portal_app: FastAPI) -> None:
    username, password, tokens = create_verified_member(client)
    secret, _ = _enrol(client, portal_app, tokens, password)
    assert client.get("/api/v1/me", headers=bearer(tokens)).json()["two_step_enabled"] is True

    res = sign_in(client, username, password)
    assert res.status_code == 401
    assert res.json()["code"] == "otp_required"
    res = sign_in(client, username, password, otp="000000")
    assert res.status_code == 401
    assert res.json()["code"] == "otp_invalid"
    code = totp_next(portal_app, secret)
    assert sign_in(client, username, password, otp=code).status_code == 201
    # a code works once
    res = sign_in(client, username, password, otp=code)
    assert res.status_code == 401
    assert res.json()["code"] == "otp_invalid"
    # a wrong password with a right code is still just a wrong password
    advance_clock(portal_app, seconds=60)
    res = sign_in(client, username, password + "x", otp=totp_now(portal_app, secret))
    assert res.status_code == 401
    assert res.json()["code"] == "invalid_credentials"


def test_a_code_from_a_real_time_authenticator_also_works(
    client: TestClient, portal_app: FastAPI
) -> None:
    username, password, tokens = create_verified_member(client)
    secret, _ = _enrol(client, portal_app, tokens, password, phone=True)
    advance_clock(portal_app, days=3)  # the sandbox clock runs ahead of the phone
    next_code = pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30))
    assert sign_in(client, username, password, otp=next_code).status_code == 201


def test_wrong_confirm_code_does_not_turn_it_on(client: TestClient) -> None:
    _, password, tokens = create_verified_member(client)
    wrong = {"otp": "123456", "password": password}
    res = client.post("/api/v1/me/two-step/confirm", json=wrong, headers=bearer(tokens))
    assert res.status_code == 409
    assert res.json()["code"] == "two_step_not_started"
    client.post("/api/v1/me/two-step", json={"password": password}, headers=bearer(tokens))
    res = client.post("/api/v1/me/two-step/confirm", json=wrong, headers=bearer(tokens))
    assert res.status_code == 422
    assert res.json()["code"] == "otp_invalid"
    assert client.get("/api/v1/me", headers=bearer(tokens)).json()["two_step_enabled"] is False


def test_recovery_code_works_once(client: TestClient, portal_app: FastAPI) -> None:
    username, password, tokens = create_verified_member(client)
    _, codes = _enrol(client, portal_app, tokens, password)
    assert sign_in(client, username, password, otp=codes[0]).status_code == 201
    res = sign_in(client, username, password, otp=codes[0])
    assert res.status_code == 401
    assert res.json()["code"] == "otp_invalid"
    assert sign_in(client, username, password, otp=codes[1].upper()).status_code == 201


def test_unconfirmed_enrolment_does_not_ask_for_a_code(client: TestClient) -> None:
    username, password, tokens = create_verified_member(client)
    client.post("/api/v1/me/two-step", json={"password": password}, headers=bearer(tokens))
    # not confirmed yet: sign-in does not ask for a code
    assert sign_in(client, username, password).status_code == 201


def test_turn_off_needs_a_code(client: TestClient, portal_app: FastAPI) -> None:
    username, password, tokens = create_verified_member(client)
    secret, codes = _enrol(client, portal_app, tokens, password)
    res = client.request(
        "DELETE", "/api/v1/me/two-step", json={"otp": "111111", "password": password},
        headers=bearer(tokens),
    )
    assert res.status_code == 422
    res = client.request(
        "DELETE", "/api/v1/me/two-step",
        json={"otp": totp_next(portal_app, secret), "password": password},
        headers=bearer(tokens),
    )
    assert res.status_code == 204
    assert sign_in(client, username, password).status_code == 201
    res = client.request(
        "DELETE", "/api/v1/me/two-step", json={"otp": codes[0], "password": password},
        headers=bearer(tokens),
    )
    assert res.status_code == 409


def _agent(app: FastAPI, *, with_two_step: bool) -> tuple[str, str, str]:
    portal = app.state.portal
    username, password, secret = unique("agent"), "Quiet-Meadow-Lamp-42", pyotp.random_base32()
    agent = make_member(
        portal, username=username, password=password, email=f"{username}@example.org",
        first_name="Sam", last_name="Ortiz", role="agent",
    )
    with portal.db.write() as session:
        if with_two_step:
            add_agent(session, portal, agent, secret)
        else:
            session.add(agent)
    return username, password, secret


def test_agent_signs_in_with_two_steps_and_cannot_turn_it_off(
    client: TestClient, portal_app: FastAPI
) -> None:
    username, password, secret = _agent(portal_app, with_two_step=True)
    res = sign_in(client, username, password)
    assert res.status_code == 401
    assert res.json()["code"] == "otp_required"
    res = sign_in(client, username, password, otp=totp_next(portal_app, secret))
    assert res.status_code == 201
    tokens = res.json()
    assert tokens["member"]["role"] == "agent"
    res = client.request(
        "DELETE", "/api/v1/me/two-step",
        json={"otp": totp_now(portal_app, secret), "password": password},
        headers=bearer(tokens),
    )
    assert res.status_code == 403
    assert res.json()["code"] == "two_step_required"
    # agents go idle after 15 minutes, not 30
    advance_clock(portal_app, minutes=16)
    res = client.post("/api/v1/sessions/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert res.status_code == 401
    assert res.json()["code"] == "session_expired"


def test_agent_without_two_step_cannot_sign_in(client: TestClient, portal_app: FastAPI) -> None:
    username, password, _ = _agent(portal_app, with_two_step=False)
    res = sign_in(client, username, password)
    assert res.status_code == 403
    assert res.json()["code"] == "two_step_setup_required"
    assert "hcpay portal" in res.json()["detail"]


def test_changing_two_step_needs_the_password(client: TestClient, portal_app: FastAPI) -> None:
    username, password, tokens = create_verified_member(client)
    res = client.post("/api/v1/me/two-step", json={}, headers=bearer(tokens))
    assert res.status_code == 422  # an access token alone changes nothing
    res = client.post("/api/v1/me/two-step", json={"password": password + "x"},
                      headers=bearer(tokens))
    assert res.status_code == 403
    assert res.headers["content-type"] == "application/problem+json"
    assert res.json()["code"] == "password_invalid"
    secret, _ = _enrol(client, portal_app, tokens, password)
    res = client.request("DELETE", "/api/v1/me/two-step", headers=bearer(tokens),
                         json={"otp": totp_next(portal_app, secret), "password": "nope-nope"})
    assert res.status_code == 403
    assert sign_in(client, username, password, otp=totp_next(portal_app, secret)).status_code \
        == 201  # the code was not used up by the refused change


def test_wrong_codes_to_turn_it_off_lock_sign_in(client: TestClient, portal_app: FastAPI) -> None:
    username, password, tokens = create_verified_member(client)
    secret, _ = _enrol(client, portal_app, tokens, password)
    answers = [
        client.request("DELETE", "/api/v1/me/two-step", headers=bearer(tokens),
                       json={"otp": f"{n:06d}", "password": password}).status_code
        for n in range(6)
    ]
    assert answers == [422] * 4 + [423, 423]
    res = sign_in(client, username, password, otp=totp_next(portal_app, secret))
    assert res.status_code == 423
    assert res.json()["code"] == "locked"
