"""The demo's billing: a year of paid history for demo, pastdue in grace month 2."""

from __future__ import annotations

from fastapi.testclient import TestClient

from hcpay.portal.demo_billing import seed_demo_billing
from tests.helpers.members import make_member, portal_of


def test_demo_and_pastdue_look_as_the_product_rules_say(client: TestClient) -> None:
    demo = make_member(client, coverage="none")
    pastdue = make_member(client, coverage="none")
    seed_demo_billing(portal_of(client), {"demo": demo.member_id,
                                          "pastdue": pastdue.member_id})
    headers = demo.headers
    summary = client.get("/api/v1/me/summary", headers=headers).json()
    assert summary["coverage_status"] == "active"
    opened = client.get("/api/v1/me/invoices?status=open", headers=headers).json()["items"]
    assert len(opened) == 1 and opened[0]["status"] == "open"
    paid = client.get("/api/v1/me/invoices?status=paid", headers=headers).json()["items"]
    assert len({i["coverage_month"] for i in paid}) == 13
    assert {i["policy"] for i in paid} == {"health", "dental"}
    history = client.get("/api/v1/me/payments?limit=200", headers=headers).json()["items"]
    assert len(history) == 13 and all(p["status"] == "succeeded" for p in history)
    methods = client.get("/api/v1/me/payment-methods", headers=headers).json()["items"]
    assert [(m["kind"], m["last4"]) for m in methods] == [
        ("card", "4242"), ("bank_account", "6789")]
    # The saved card really works at the gateway.
    res = client.post("/api/v1/me/payments", headers={**headers, "Idempotency-Key": "demo-1"},
                      json={"amount_cents": opened[0]["amount_cents"],
                            "payment_method_id": methods[0]["payment_method_id"]})
    assert res.status_code == 201 and res.json()["status"] == "succeeded"

    body = client.get("/api/v1/me/summary", headers=pastdue.headers).json()
    assert body["coverage_status"] == "termination_pending"
    assert body["grace"]["month"] == 2 and body["grace"]["of"] == 3
    codes = [n["code"] for n in client.get("/api/v1/me/notifications",
                                           headers=pastdue.headers).json()["items"]]
    assert codes.count("past_due_warning") == 1 and codes.count("termination_warning") == 1
