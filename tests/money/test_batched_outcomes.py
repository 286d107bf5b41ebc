"""Outcomes recorded many at a time (the scheduled-payments job): two payments of one member
on the same day are applied one after the other, oldest bill first, the rest as credit, with a
receipt each; a payment that pays the binder starts coverage as a single payment would."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.helpers.gateway import card_token, save_method
from tests.helpers.members import advance, make_member, today
from tests.money.test_payments import pay


def _summary(client: TestClient, headers: dict[str, str]) -> Any:
    return client.get("/api/v1/me/summary", headers=headers).json()


def test_two_scheduled_payments_of_one_member_on_one_day(client: TestClient) -> None:
    member = make_member(client, coverage="new")
    headers = member.headers
    owed = _summary(client, headers)["balance_due_cents"]
    assert _summary(client, headers)["coverage_starts_on_payment"] is True
    method = save_method(client, headers, card_token(client))
    day = str(today(client).fromordinal(today(client).toordinal() + 3))
    first = pay(client, headers, {"amount_cents": owed - 500, "payment_method_id": method,
                                  "scheduled_for": day})
    second = pay(client, headers, {"amount_cents": 1_500, "payment_method_id": method,
                                   "scheduled_for": day})
    assert first.status_code == second.status_code == 201
    advance(client, 3)
    headers = member.headers
    for res in (first, second):
        got = client.get(f"/api/v1/me/payments/{res.json()['reference']}", headers=headers)
        assert got.json()["status"] == "succeeded"
    summary = _summary(client, headers)
    # the second payment finished the binder (500) and the other 1,000 became credit
    assert summary["balance_due_cents"] == 0 and summary["credit_cents"] == 1_000
    assert summary["coverage_starts_on_payment"] is False
    outbox = client.get("/sandbox/outbox", params={"to": member.email}).json()["items"]
    receipts = [m for m in outbox if m["subject"] == "Payment receipt"]
    assert len(receipts) == 2
    assert any(m["subject"] == "Your coverage is confirmed" for m in outbox)
