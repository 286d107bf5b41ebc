"""Support codes: the member makes one, the agent reads the member's screen, step and last error
with it; it expires after 15 minutes on the portal's clock."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers.agent_fixtures import make_person, move_clock, portal_of, sign_in_again


def test_support_code_round_trip(portal_app: FastAPI, client: TestClient) -> None:
    member = make_person(portal_app, first_name="Ines", last_name="Moreau")
    agent = make_person(portal_app, role="agent", first_name="Dana")
    now = portal_of(portal_app).clock.now()

    res = client.post(
        "/api/v1/me/support-codes",
        json={"screen": "make_payment", "step": 3, "last_error_code": "card_declined"},
        headers=member.auth,
    )
    assert res.status_code == 201
    body = res.json()
    assert re.fullmatch(r"\d{3}-\d{3}", body["code"])
    expires = datetime.fromisoformat(body["expires_at"])
    assert timedelta(minutes=14) < expires - now <= timedelta(minutes=15, seconds=5)

    for typed in (body["code"], body["code"].replace("-", ""), body["code"].replace("-", " ")):
        seen = client.get(f"/api/v1/agent/support-codes/{typed}", headers=agent.agent_headers())
        assert seen.status_code == 200, seen.text
        found = seen.json()
        assert found["screen"] == "make_payment"
        assert found["step"] == 3
        assert found["last_error_code"] == "card_declined"
        assert found["member"]["member_id"] == member.member_id
        assert found["member"]["name"] == "Ines Moreau"
        assert found["member"]["email_masked"] == "i***@example.com"

    log = client.get("/api/v1/me/access-log", headers=member.auth).json()["items"]
    assert log[0]["description"] == "Opened your account with the support code you gave"


def test_support_code_expires_after_15_minutes(portal_app: FastAPI, client: TestClient) -> None:
    member = make_person(portal_app, first_name="Oskar")
    agent = make_person(portal_app, role="agent", first_name="Eve")
    code = client.post(
        "/api/v1/me/support-codes", json={"screen": "autopay"}, headers=member.auth
    ).json()["code"]

    move_clock(portal_app, 14)
    still = client.get(f"/api/v1/agent/support-codes/{code}", headers=agent.agent_headers())
    assert still.status_code == 200
    assert still.json()["step"] is None and still.json()["last_error_code"] is None

    move_clock(portal_app, 1.5)
    agent = sign_in_again(portal_app, agent)
    gone = client.get(f"/api/v1/agent/support-codes/{code}", headers=agent.agent_headers())
    assert gone.status_code == 404
    problem = gone.json()
    assert problem["code"] == "support_code_expired"
    assert "new one" in problem["detail"]


def test_a_new_code_ends_the_previous_one(portal_app: FastAPI, client: TestClient) -> None:
    member = make_person(portal_app, first_name="Yara")
    agent = make_person(portal_app, role="agent", first_name="Ravi")
    first = client.post(
        "/api/v1/me/support-codes", json={"screen": "dashboard"}, headers=member.auth
    ).json()["code"]
    second = client.post(
        "/api/v1/me/support-codes", json={"screen": "history"}, headers=member.auth
    ).json()["code"]
    assert first != second
    old = client.get(f"/api/v1/agent/support-codes/{first}", headers=agent.agent_headers())
    assert old.status_code == 404 and old.json()["code"] == "support_code_expired"
    new = client.get(f"/api/v1/agent/support-codes/{second}", headers=agent.agent_headers())
    assert new.json()["screen"] == "history"


def test_unknown_and_malformed_codes(portal_app: FastAPI, client: TestClient) -> None:
    agent = make_person(portal_app, role="agent", first_name="Gil")
    for typed in ("000-000", "12-34", "abc-def"):
        res = client.get(f"/api/v1/agent/support-codes/{typed}", headers=agent.agent_headers())
        assert res.status_code == 404
        assert res.json()["code"] in {"support_code_not_found", "support_code_expired"}
    res = client.get("/api/v1/agent/support-codes/abc-def", headers=agent.agent_headers())
    assert res.json()["code"] == "support_code_not_found"


def test_member_must_say_which_screen(portal_app: FastAPI, client: TestClient) -> None:
    member = make_person(portal_app, first_name="Uma")
    for body in ({}, {"screen": "  "}, {"screen": "x", "step": 0}, {"screen": "y" * 65}):
        res = client.post("/api/v1/me/support-codes", json=body, headers=member.auth)
        assert res.status_code == 422, body
        assert res.json()["code"] == "validation_error"
    assert client.post("/api/v1/me/support-codes", json={"screen": "x"}).status_code == 401


class _Draws:
    """Stands in for ``secrets`` in the code service: hands out the given numbers in order."""

    def __init__(self, *numbers: int) -> None:
        self.numbers = list(numbers)

    def randbelow(self, _n: int) -> int:
        return self.numbers.pop(0)


def test_live_codes_never_share_digits_and_expired_ones_are_reused(
    portal_app: FastAPI, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hcpay.portal.services import support_codes

    first = make_person(portal_app, first_name="Cleo")
    second = make_person(portal_app, first_name="Dev")
    agent = make_person(portal_app, role="agent", first_name="Flo")
    monkeypatch.setattr(support_codes, "secrets", _Draws(424242, 424242, 515151))
    a = client.post("/api/v1/me/support-codes", json={"screen": "one"}, headers=first.auth)
    b = client.post("/api/v1/me/support-codes", json={"screen": "two"}, headers=second.auth)
    assert a.json()["code"] == "424-242"
    assert b.json()["code"] == "515-151"  # 424-242 was taken, so another draw
    seen = client.get("/api/v1/agent/support-codes/424-242", headers=agent.agent_headers())
    assert seen.json()["member"]["member_id"] == first.member_id

    move_clock(portal_app, 16)
    agent = sign_in_again(portal_app, agent)
    second = sign_in_again(portal_app, second)
    monkeypatch.setattr(support_codes, "secrets", _Draws(424242))
    again = client.post("/api/v1/me/support-codes", json={"screen": "three"}, headers=second.auth)
    assert again.json()["code"] == "424-242"  # expired digits are free again
    seen = client.get("/api/v1/agent/support-codes/424242", headers=agent.agent_headers())
    assert seen.json()["screen"] == "three"
    assert seen.json()["member"]["member_id"] == second.member_id
