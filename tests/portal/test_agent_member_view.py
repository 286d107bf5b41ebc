"""The one-screen member view (masked), notes on the account, and the password-reset link."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers.accounts import reset_code
from tests.helpers.agent_fixtures import audit_rows, make_person, move_clock


def test_member_view_is_masked(portal_app: FastAPI, client: TestClient) -> None:
    member = make_person(
        portal_app, first_name="Tomas", last_name="Vidal", phone="+1 (555) 010-9876",
        ssn_last4="4321",
    )
    agent = make_person(portal_app, role="agent", first_name="Ana")
    res = client.get(f"/api/v1/agent/members/{member.member_id}", headers=agent.agent_headers())
    assert res.status_code == 200
    view = res.json()
    assert view["member_id"] == member.member_id
    assert view["name"] == "Tomas Vidal"
    assert view["email_masked"] == "t***@example.com"
    assert view["phone_last4"] == "9876"
    assert view["ssn_last4"] == "4321"
    assert view["status"] == "active"
    assert view["notes"] == []
    for key in ("invoices", "payments", "payment_methods"):
        assert view[key] == []
    text = res.text
    assert member.email not in text
    assert "123-45-4321" not in text and "123454321" not in text
    assert "password" not in text and "argon2" not in text and "totp_secret" not in text


def test_unknown_member_is_404_and_still_audited(portal_app: FastAPI, client: TestClient) -> None:
    agent = make_person(portal_app, role="agent", first_name="Ben")
    res = client.get("/api/v1/agent/members/M-0000-0000", headers=agent.agent_headers())
    assert res.status_code == 404
    assert res.json()["code"] == "member_not_found"
    (row,) = audit_rows(portal_app, agent.member_id)
    assert (row.action, row.outcome, row.member_id) == ("view_member", "member_not_found", None)
    # An agent is not a member an agent can open.
    other_agent = make_person(portal_app, role="agent", first_name="Cy")
    res = client.get(
        f"/api/v1/agent/members/{other_agent.member_id}", headers=agent.agent_headers()
    )
    assert res.status_code == 404


def test_notes_are_listed_newest_first(portal_app: FastAPI, client: TestClient) -> None:
    member = make_person(portal_app, first_name="Wen")
    agent = make_person(portal_app, role="agent", first_name="Lou", last_name="Park")
    url = f"/api/v1/agent/members/{member.member_id}/notes"
    first = client.post(url, json={"text": "Walked caller through autopay."},
                        headers=agent.agent_headers())
    assert first.status_code == 201
    assert first.json()["text"] == "Walked caller through autopay."
    move_clock(portal_app, 1)
    client.post(url, json={"text": "  Called back about the receipt.  "},
                headers=agent.agent_headers())

    view = client.get(
        f"/api/v1/agent/members/{member.member_id}", headers=agent.agent_headers()
    ).json()
    assert [n["text"] for n in view["notes"]] == [
        "Called back about the receipt.", "Walked caller through autopay.",
    ]
    assert all(n["agent_name"] == "Lou Park" for n in view["notes"])

    for body in ({"text": ""}, {"text": "   "}, {"text": "x" * 2001}, {}):
        bad = client.post(url, json=body, headers=agent.agent_headers())
        assert bad.status_code == 422, body
    missing = client.post(
        "/api/v1/agent/members/M-0000-0000/notes", json={"text": "hello"},
        headers=agent.agent_headers(),
    )
    assert missing.status_code == 404


def test_password_reset_code_lands_in_the_outbox(portal_app: FastAPI, client: TestClient) -> None:
    member = make_person(portal_app, first_name="Mira")
    agent = make_person(portal_app, role="agent", first_name="Jo")
    before = client.get("/sandbox/outbox", params={"to": member.email}).json()["items"]
    assert before == []
    res = client.post(
        f"/api/v1/agent/members/{member.member_id}/password-reset",
        headers=agent.agent_headers("Caller locked out"),
    )
    assert res.status_code == 202
    assert res.json()["sent_to"] == "m***@example.com"
    (message,) = client.get("/sandbox/outbox", params={"to": member.email}).json()["items"]
    assert "password" in message["subject"].lower()
    code = reset_code(client, member.email)

    # The code works like one from "Forgot password": once, then the member signs in with it.
    new_password = "Violet-Harbor-Lantern-42"
    confirm = {"username_or_email": member.username, "code": code, "new_password": new_password}
    assert client.post("/api/v1/password-resets/confirm", json=confirm).status_code == 204
    again = client.post("/api/v1/password-resets/confirm", json=confirm)
    assert again.status_code == 422 and again.json()["code"] == "invalid_code"
    signed_in = client.post(
        "/api/v1/sessions", json={"username": member.username, "password": new_password}
    )
    assert signed_in.status_code == 201, signed_in.text
    missing = client.post(
        "/api/v1/agent/members/M-0000-0000/password-reset", headers=agent.agent_headers()
    )
    assert missing.status_code == 404
