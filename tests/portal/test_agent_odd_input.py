"""Odd input on the agent and support routes is refused with a clear answer, never a 500 (a NUL
byte makes PostgreSQL fail if it ever reaches a query or the audit trail)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers.agent_fixtures import audit_rows, make_person


def test_control_characters_are_refused(portal_app: FastAPI, client: TestClient) -> None:
    member = make_person(portal_app, first_name="Odd")
    agent = make_person(portal_app, role="agent", first_name="Odd", last_name="Agent")
    h = agent.agent_headers()

    res = client.get("/api/v1/agent/members", params={"q": "Sm\x00ith"}, headers=h)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "q"
    for path in (
        "/api/v1/agent/payments/HCP-%00BCD-EFGH",
        "/api/v1/agent/members/M-%00",
        "/api/v1/agent/support-codes/123%00456",
    ):
        res = client.get(path, headers=h)
        assert res.status_code == 404, (path, res.text)

    res = client.post(
        f"/api/v1/agent/members/{member.member_id}/notes", json={"text": "bad\x00note"}, headers=h
    )
    assert res.status_code == 422
    ok = client.post(
        f"/api/v1/agent/members/{member.member_id}/notes",
        json={"text": "Line one.\nLine two."}, headers=h,
    )
    assert ok.status_code == 201

    res = client.get(
        f"/api/v1/agent/members/{member.member_id}", headers=agent.agent_headers("a\tb")
    )
    assert res.status_code == 400 and res.json()["code"] == "access_reason_required"

    for body in ({"screen": "pay\x00"}, {"screen": "pay", "last_error_code": "x\x00"}):
        res = client.post("/api/v1/me/support-codes", json=body, headers=member.auth)
        assert res.status_code == 422, body

    # What was recorded for the refused-then-404 lookups has no control characters in it.
    targets = [r.target or "" for r in audit_rows(portal_app, agent.member_id)]
    assert targets and all("\x00" not in t for t in targets)
