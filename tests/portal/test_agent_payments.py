"""The "payment not reflecting" call: an agent finds a member by a payment reference, looks the
payment up with its attempts, and sees balance, invoices, payments and methods (by last 4)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers.agent_fixtures import make_person
from tests.helpers.gateway import (
    DECLINE_INSUFFICIENT,
    bank_token,
    card_token,
    save_method,
)
from tests.helpers.members import make_member


def pay(client: TestClient, headers: dict[str, str], key: str, body: dict[str, Any]) -> Any:
    return client.post(
        "/api/v1/me/payments", headers={**headers, "Idempotency-Key": key}, json=body
    )


def test_card_payment_seen_by_an_agent(portal_app: FastAPI, client: TestClient) -> None:
    member = make_member(client, coverage="new")
    headers = member.headers
    owed = client.get("/api/v1/me/summary", headers=headers).json()["balance_due_cents"]
    assert owed > 0
    token = card_token(client)
    method = save_method(client, headers, token, make_default=True)
    res = pay(client, headers, "agent-card", {"amount_cents": owed, "payment_method_id": method})
    assert res.status_code == 201, res.text
    reference = res.json()["reference"]
    autopay = client.put("/api/v1/me/autopay", headers=headers, json={
        "enabled": True, "payment_method_id": method, "amount": {"type": "full_balance"},
        "frequency": "monthly", "draw_day": "due_date"})
    assert autopay.status_code == 200, autopay.text
    agent = make_person(portal_app, role="agent", first_name="Pay", last_name="Desk")

    # Search by the reference as a caller reads it out: lower case, spaces, O for 0.
    spoken = reference.lower().replace("-", " ").replace("0", "o")
    found = client.get(
        "/api/v1/agent/members", params={"q": spoken}, headers=agent.agent_headers()
    ).json()
    assert found["matched_by"] == "payment_reference"
    assert [i["member_id"] for i in found["items"]] == [member.member_id]

    lookup = client.get(f"/api/v1/agent/payments/{spoken}", headers=agent.agent_headers())
    assert lookup.status_code == 200, lookup.text
    body = lookup.json()
    payment = body["payment"]
    assert payment["reference"] == reference
    assert payment["status"] == "succeeded"
    assert payment["amount_cents"] == owed
    assert payment["method"]["last4"] == "4242"
    assert [a["outcome"] for a in payment["attempts"]] == ["succeeded"]
    assert payment["applied_to_invoices"]
    assert payment["explanation"].startswith("Paid and applied to")
    assert body["member"]["member_id"] == member.member_id
    assert token not in lookup.text

    view = client.get(
        f"/api/v1/agent/members/{member.member_id}", headers=agent.agent_headers()
    ).json()
    assert view["billing_available"] is True
    assert view["balance_due_cents"] == 0
    assert view["coverage_status"] == "active"
    assert view["autopay"]["enabled"] is True
    assert view["autopay"]["payment_method_id"] == method
    assert [p["reference"] for p in view["payments"]] == [reference]
    assert view["payments"][0]["attempts"][0]["outcome"] == "succeeded"
    assert view["invoices"] and all(i["status"] == "paid" for i in view["invoices"])
    assert [(m["kind"], m["last4"]) for m in view["payment_methods"]] == [("card", "4242")]
    assert token not in str(view)

    log = client.get("/api/v1/me/access-log", headers=member.headers).json()["items"]
    assert [i["action"] for i in log][:3] == ["view_member", "lookup_payment", "search"]


def test_declined_and_bank_payments_are_explained(
    portal_app: FastAPI, client: TestClient
) -> None:
    member = make_member(client, coverage="new")
    headers = member.headers
    owed = client.get("/api/v1/me/summary", headers=headers).json()["balance_due_cents"]
    declined = pay(client, headers, "agent-decline",
                   {"amount_cents": owed, "token": card_token(client, DECLINE_INSUFFICIENT)})
    assert declined.status_code == 402
    bank = pay(client, headers, "agent-bank", {"amount_cents": owed, "token": bank_token(client)})
    assert bank.status_code == 201
    agent = make_person(portal_app, role="agent", first_name="Ach", last_name="Desk")

    failed = client.get(
        f"/api/v1/agent/payments/{declined.json()['reference']}", headers=agent.agent_headers()
    ).json()["payment"]
    assert failed["status"] == "failed" and failed["decline_code"] == "insufficient_funds"
    assert "Nothing was charged" in failed["explanation"]

    processing = client.get(
        f"/api/v1/agent/payments/{bank.json()['reference']}", headers=agent.agent_headers()
    ).json()["payment"]
    assert processing["status"] == "processing"
    assert processing["expected_settlement_date"] in processing["explanation"]
    assert processing["method"]["kind"] == "bank_account"

    view = client.get(
        f"/api/v1/agent/members/{member.member_id}", headers=agent.agent_headers()
    ).json()
    assert [p["status"] for p in view["payments"]] == ["processing", "failed"]


def test_unknown_reference_is_404(portal_app: FastAPI, client: TestClient) -> None:
    agent = make_person(portal_app, role="agent", first_name="Nil")
    res = client.get("/api/v1/agent/payments/HCP-ZZZZ-ZZZZ", headers=agent.agent_headers())
    assert res.status_code == 404 and res.json()["code"] == "payment_not_found"
    res = client.get("/api/v1/agent/payments/not-a-reference", headers=agent.agent_headers())
    assert res.status_code == 404
