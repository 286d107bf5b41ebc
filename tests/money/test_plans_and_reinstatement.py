"""Payment plans keep coverage active while kept; reinstatement within 35 days."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from hcpay.portal.billing.periods import add_months
from tests.helpers.gateway import card_token, save_method
from tests.helpers.members import advance, make_member, set_day, today


def test_payment_plan_spreads_past_due_and_keeps_coverage(client: TestClient) -> None:
    member = make_member(client, subsidized=True)
    method = save_method(client, member.headers, card_token(client))
    issue = add_months(today(client).replace(day=1), 1)
    set_day(client, issue.replace(day=24))
    headers = member.headers
    summary = client.get("/api/v1/me/summary", headers=headers).json()
    assert summary["coverage_status"] == "grace"
    past_due = summary["past_due_cents"]
    bad = client.post("/api/v1/me/payment-plans", headers=headers,
                      json={"installments": 7, "payment_method_id": method})
    assert bad.status_code == 422
    res = client.post("/api/v1/me/payment-plans", headers=headers,
                      json={"installments": 3, "payment_method_id": method})
    assert res.status_code == 201, res.text
    plan = res.json()
    assert len(plan["installments"]) == 3
    assert sum(i["amount_cents"] for i in plan["installments"]) == past_due
    dues = [date.fromisoformat(i["due_date"]) for i in plan["installments"]]
    assert dues == sorted(dues) and dues[0] == issue.replace(day=24)
    assert client.get("/api/v1/me/summary", headers=headers).json()[
        "coverage_status"] == "active"
    advance(client, 0)  # the first installment is charged today
    headers = member.headers
    plans = client.get("/api/v1/me/payment-plans", headers=headers).json()["items"]
    assert plans[0]["installments"][0]["status"] == "succeeded"
    # Two months on (grace month 2 without the plan), still active while the plan is kept.
    set_day(client, add_months(issue, 2).replace(day=2))
    body = client.get("/api/v1/me/summary", headers=member.headers).json()
    assert body["coverage_status"] == "active"
    again = client.post("/api/v1/me/payment-plans", headers=member.headers,
                        json={"installments": 2, "payment_method_id": method})
    assert again.status_code == 409


def test_reinstatement_within_35_days(client: TestClient) -> None:
    member = make_member(client, subsidized=False)
    issue = add_months(today(client).replace(day=1), 1)
    set_day(client, issue.replace(day=24))
    advance(client, 31)
    headers = member.headers
    body = client.get("/api/v1/me/summary", headers=headers).json()
    assert body["coverage_status"] == "terminated"
    amount = body["reinstatement"]["amount_cents"]
    assert amount > body["balance_due_cents"]
    res = client.post("/api/v1/me/payments", headers={**headers, "Idempotency-Key": "rein"},
                      json={"amount_cents": amount, "token": card_token(client)})
    assert res.status_code == 201, res.text
    body = client.get("/api/v1/me/summary", headers=headers).json()
    assert body["coverage_status"] == "active" and body["terminated_on"] is None
    assert body["balance_due_cents"] == 0
    codes = [n["code"] for n in
             client.get("/api/v1/me/notifications", headers=headers).json()["items"]]
    assert "coverage_reinstated" in codes
