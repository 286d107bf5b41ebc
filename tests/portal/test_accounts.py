"""Creating an account and verifying it, over HTTP, as the sign-up screen does."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers.accounts import (
    account_body,
    advance_clock,
    bearer,
    create_member,
    sign_in,
    unique,
    verification_code,
)


def _rules(res: Any) -> set[tuple[str, str]]:
    return {(e["field"], e["rule"]) for e in res.json()["errors"]}


def test_create_verify_sign_in_and_me(client: TestClient) -> None:
    body = account_body(ssn="212-34-5678", phone="(617) 555-0188")
    res = client.post("/api/v1/accounts", json=body)
    assert res.status_code == 201, res.text
    created = res.json()
    assert created["status"] == "pending_verification"
    assert created["username"] == body["username"]
    assert created["verification"]["channel"] == "email"
    sent_to = created["verification"]["sent_to"]
    assert sent_to.endswith("@example.com") and "*" in sent_to and sent_to != body["email"]

    code = verification_code(client, body["email"])
    res = client.post("/api/v1/accounts/verify", json={"username": body["username"], "code": code})
    assert res.status_code == 200
    assert res.json() == {"status": "active"}

    res = sign_in(client, body["username"], body["password"])
    assert res.status_code == 201, res.text
    tokens = res.json()
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 15 * 60
    assert tokens["member"] == {
        "member_id": created["member_id"], "first_name": "Jordan", "role": "member",
    }
    assert len(tokens["access_token"]) >= 22 and len(tokens["refresh_token"]) >= 22

    me = client.get("/api/v1/me", headers=bearer(tokens))
    assert me.status_code == 200
    profile = me.json()
    assert profile["member_id"] == created["member_id"]
    assert profile["first_name"] == "Jordan" and profile["last_name"] == "Alvarez"
    assert profile["email"] == body["email"]
    assert profile["phone"] == "+16175550188"
    assert profile["date_of_birth"] == "1985-06-15"
    assert profile["ssn_last4"] == "5678"
    assert profile["subsidized"] is False
    assert "212-34" not in me.text and "212345678" not in me.text

    # in the sandbox a new member is enrolled in a sample plan with a first invoice to pay
    summary = client.get("/api/v1/me/summary", headers=bearer(tokens)).json()
    assert summary["balance_due_cents"] > 0 and summary["next_due"] is not None


def test_me_needs_a_bearer_token(client: TestClient) -> None:
    res = client.get("/api/v1/me")
    assert res.status_code == 401
    assert res.headers["content-type"] == "application/problem+json"
    assert res.json()["code"] == "not_signed_in"
    res = client.get("/api/v1/me", headers=bearer("not-a-real-token"))
    assert res.status_code == 401
    assert res.json()["code"] == "invalid_token"


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"first_name": "  "}, "first_name", "required"),
        ({"last_name": ""}, "last_name", "required"),
        ({"first_name": "R2D2"}, "first_name", "invalid"),
        ({"date_of_birth": "1985-02-30"}, "date_of_birth", "invalid"),
        ({"date_of_birth": "yesterday"}, "date_of_birth", "invalid"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "not_past"),
        ({"date_of_birth": "1850-01-01"}, "date_of_birth", "too_old"),
        ({"ssn": "12-345-678"}, "ssn", "invalid"),
        ({"ssn": "000-12-3456"}, "ssn", "invalid"),
        ({"ssn": "666-12-3456"}, "ssn", "invalid"),
        ({"ssn": "912-12-3456"}, "ssn", "invalid"),
        ({"ssn": "212-00-3456"}, "ssn", "invalid"),
        ({"ssn": "212-34-0000"}, "ssn", "invalid"),
        ({"ssn": "078-05-1120"}, "ssn", "invalid"),
        ({"email": "not-an-email"}, "email", "invalid"),
        ({"phone": "555-0123"}, "phone", "invalid"),
        ({"username": "a"}, "username", "invalid"),
        ({"username": "has space"}, "username", "invalid"),
        ({"password": "Short-1!"}, "password", "too_short"),
        ({"password": "x" * 200 + "Q-9!" * 20}, "password", "too_long"),
        ({"password": "password1234"}, "password", "common"),
        ({"password": "Iloveyou2026!!"}, "password", "common"),
        ({"password": "abababababab"}, "password", "predictable"),
        ({"password": "Grapefruit-Jordan-7"}, "password", "contains_name"),
        ({"password": "Grapefruit-Alvarez-7"}, "password", "contains_name"),
    ],
)
def test_each_rule_is_named(
    client: TestClient, overrides: dict[str, str], field: str, rule: str
) -> None:
    res = client.post("/api/v1/accounts", json=account_body(**overrides))
    assert res.status_code == 422, res.text
    assert res.headers["content-type"] == "application/problem+json"
    body = res.json()
    assert body["code"] == "validation_error"
    assert (field, rule) in _rules(res)
    assert all(e["message"] for e in body["errors"])


def test_password_with_username_or_email_is_refused(client: TestClient) -> None:
    name = unique("otter")
    res = client.post(
        "/api/v1/accounts",
        json=account_body(username=name, email=f"zz{name}@example.com",
                          password=f"My-{name.upper()}-pass"),
    )
    assert res.status_code == 422
    assert ("password", "contains_username") in _rules(res)
    res = client.post(
        "/api/v1/accounts",
        json=account_body(email="kestrelfeather@example.com", password="Kestrelfeather-99"),
    )
    assert res.status_code == 422
    assert ("password", "contains_email") in _rules(res)


def test_every_failed_rule_in_one_answer(client: TestClient) -> None:
    res = client.post(
        "/api/v1/accounts",
        json=account_body(first_name="", ssn="666-00-0000", email="nope", password="short",
                          date_of_birth="2999-12-31"),
    )
    assert res.status_code == 422
    fields = {e["field"] for e in res.json()["errors"]}
    assert {"first_name", "ssn", "email", "password", "date_of_birth"} <= fields
    # the answer never echoes what was sent
    assert "666-00-0000" not in res.text and "short" not in res.text.replace("too_short", "")


def test_long_passphrase_is_accepted_and_not_truncated(client: TestClient) -> None:
    passphrase = "mellow " * 12 + "kiwi lantern 77"  # ~100 characters, no composition rule
    body = create_member(client, password=passphrase)
    from tests.helpers.accounts import verify

    verify(client, body)
    assert sign_in(client, body["username"], passphrase).status_code == 201
    assert sign_in(client, body["username"], passphrase[:72]).status_code == 401


def test_taken_username_or_email_is_409(client: TestClient) -> None:
    first = create_member(client)
    res = client.post(
        "/api/v1/accounts", json=account_body(username=first["username"].upper())
    )
    assert res.status_code == 409
    assert res.headers["content-type"] == "application/problem+json"
    assert res.json()["code"] == "username_taken"
    res = client.post("/api/v1/accounts", json=account_body(email=first["email"].upper()))
    assert res.status_code == 409
    assert res.json()["code"] == "email_taken"
    assert [e["field"] for e in res.json()["errors"]] == ["email"]


def test_unverified_member_gets_403(client: TestClient) -> None:
    body = create_member(client)
    res = sign_in(client, body["username"], body["password"])
    assert res.status_code == 403
    assert res.json()["code"] == "not_verified"
    # a wrong password for an unverified account says nothing about verification
    res = sign_in(client, body["username"], body["password"] + "x")
    assert res.status_code == 401


def test_wrong_code_then_five_wrong_void_it_then_resend(client: TestClient) -> None:
    body = create_member(client)
    code = verification_code(client, body["email"])
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        res = client.post(
            "/api/v1/accounts/verify", json={"username": body["username"], "code": wrong}
        )
        assert res.status_code == 422
        assert res.json()["code"] == "invalid_code"
    # void now, even with the right code
    res = client.post("/api/v1/accounts/verify", json={"username": body["username"], "code": code})
    assert res.status_code == 422
    res = client.post("/api/v1/accounts/verify/resend", json={"username": body["username"]})
    assert res.status_code == 202
    fresh = verification_code(client, body["email"])
    if fresh != code:
        res = client.post(
            "/api/v1/accounts/verify", json={"username": body["username"], "code": code}
        )
        assert res.status_code == 422  # the old code stays dead
    res = client.post("/api/v1/accounts/verify", json={"username": body["username"], "code": fresh})
    assert res.status_code == 200
    assert sign_in(client, body["username"], body["password"]).status_code == 201


def test_resend_for_unknown_user_is_also_202(client: TestClient) -> None:
    res = client.post("/api/v1/accounts/verify/resend", json={"username": unique("ghost")})
    assert res.status_code == 202
    res = client.post(
        "/api/v1/accounts/verify", json={"username": unique("ghost"), "code": "123456"}
    )
    assert res.status_code == 422
    assert res.json()["code"] == "invalid_code"


def test_code_expires_after_15_minutes(client: TestClient, portal_app: FastAPI) -> None:
    body = create_member(client)
    code = verification_code(client, body["email"])
    advance_clock(portal_app, minutes=16)
    res = client.post("/api/v1/accounts/verify", json={"username": body["username"], "code": code})
    assert res.status_code == 422
    assert res.json()["code"] == "invalid_code"


def test_at_most_five_codes_an_hour(client: TestClient, portal_app: FastAPI) -> None:
    from tests.helpers.accounts import messages_to

    body = create_member(client)  # the first code
    for _ in range(6):
        res = client.post("/api/v1/accounts/verify/resend", json={"username": body["username"]})
        assert res.status_code == 202
    assert len(messages_to(client, body["email"])) == 5
    advance_clock(portal_app, minutes=61)
    client.post("/api/v1/accounts/verify/resend", json={"username": body["username"]})
    assert len(messages_to(client, body["email"])) == 6
    res = client.post(
        "/api/v1/accounts/verify",
        json={"username": body["username"], "code": verification_code(client, body["email"])},
    )
    assert res.status_code == 200
